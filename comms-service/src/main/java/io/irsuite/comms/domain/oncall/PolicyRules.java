package io.irsuite.comms.domain.oncall;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/** The rules an escalation policy follows, its stored form, and the {@link EscalationPolicy} it compiles to. Pure. */
public final class PolicyRules {

    public static final int MAX_LEVELS = 20;
    public static final int MAX_TARGETS = 20;
    public static final int MAX_REPEAT = 10;
    /** The longest wait between two levels: a day. */
    public static final int MAX_DELAY_MINUTES = 1440;
    /** The wait before walking a single-level policy again when it does not say (PagerDuty's default delay). */
    public static final Duration SINGLE_LEVEL_REPEAT_DELAY = Duration.ofMinutes(30);

    /** A definition read: the errors, or the stored (normalised) form and the compiled policy. */
    public record Checked(List<FieldError> errors, PolicySpec normalised, EscalationPolicy policy) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** A target a definition names. */
    public record Reference(TargetType type, String name) {
    }

    private PolicyRules() {
    }

    /** Every well-formed target a definition names. */
    public static Set<Reference> references(PolicySpec spec) {
        Set<Reference> refs = new LinkedHashSet<>();
        if (spec.levels() == null) {
            return refs;
        }
        for (PolicySpec.Level level : spec.levels()) {
            if (level == null || level.targets() == null) {
                continue;
            }
            for (PolicySpec.Target t : level.targets()) {
                if (t != null && t.name() != null) {
                    TargetType.parse(t.type()).ifPresent(type -> refs.add(new Reference(type, t.name())));
                }
            }
        }
        return refs;
    }

    /** Reads the definition of policy {@code name}; {@code exists} says whether a named target exists. */
    public static Checked check(String name, PolicySpec spec, BiPredicate<TargetType, String> exists) {
        List<FieldError> errors = new ArrayList<>();
        if (!OnCallInputs.isName(name)) {
            errors.add(new FieldError("name", "must match " + OnCallInputs.NAME.pattern()));
        }
        List<PolicySpec.Level> normalisedLevels = new ArrayList<>();
        List<EscalationPolicy.Level> levels = new ArrayList<>();
        if (spec.levels() == null || spec.levels().isEmpty()) {
            errors.add(new FieldError("levels", "must hold at least one level"));
        } else if (spec.levels().size() > MAX_LEVELS) {
            errors.add(new FieldError("levels", "must hold at most " + MAX_LEVELS + " levels"));
        } else {
            for (int i = 0; i < spec.levels().size(); i++) {
                level(i, spec.levels().get(i), exists, errors, normalisedLevels, levels);
            }
        }
        Integer repeat = OnCallInputs.wholeNumber("repeat", spec.repeat(), 0, MAX_REPEAT, errors);
        Duration repeatDelay = null;
        if (spec.repeatDelayMinutes() != null) {
            repeatDelay = delay("repeatDelayMinutes", spec.repeatDelayMinutes(), errors);
        }
        if (!errors.isEmpty()) {
            return new Checked(List.copyOf(errors), null, null);
        }
        if (repeatDelay == null) {
            Duration last = levels.get(levels.size() - 1).delay();
            repeatDelay = levels.size() > 1 ? last : SINGLE_LEVEL_REPEAT_DELAY;
        }
        int walks = repeat == null ? 0 : repeat;
        return new Checked(List.of(),
                new PolicySpec(normalisedLevels, BigDecimal.valueOf(walks), minutes(repeatDelay)),
                new EscalationPolicy(name, levels, walks, repeatDelay));
    }

    /** The policy a stored (already checked) definition describes. */
    public static EscalationPolicy compile(String name, PolicySpec stored) {
        Checked checked = check(name, stored, (type, target) -> true);
        if (!checked.valid()) {
            throw new IllegalStateException("stored escalation policy " + name + " is invalid: "
                    + InvalidInputException.summary(checked.errors()));
        }
        return checked.policy();
    }

    /** A duration in minutes, as a plain number ({@code 5}, {@code 0.5}). */
    public static BigDecimal minutes(Duration d) {
        BigDecimal m = BigDecimal.valueOf(d.toSeconds()).divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return m.scale() < 0 ? m.setScale(0) : m;
    }

    private static void level(int i, PolicySpec.Level spec, BiPredicate<TargetType, String> exists,
                              List<FieldError> errors, List<PolicySpec.Level> normalised,
                              List<EscalationPolicy.Level> levels) {
        String at = "levels[" + i + "]";
        if (spec == null) {
            errors.add(new FieldError(at, "must be a level object"));
            return;
        }
        int before = errors.size();
        Duration delay;
        if (i == 0) {
            delay = Duration.ZERO;
            if (spec.delayMinutes() != null && spec.delayMinutes().signum() != 0) {
                errors.add(new FieldError(at + ".delayMinutes", "must be 0: the first level pages at once"));
            }
        } else if (spec.delayMinutes() == null) {
            errors.add(new FieldError(at + ".delayMinutes", "is required: the minutes to wait after the previous level"));
            delay = null;
        } else {
            delay = delay(at + ".delayMinutes", spec.delayMinutes(), errors);
        }
        List<PolicySpec.Target> normalisedTargets = new ArrayList<>();
        List<EscalationPolicy.Target> targets = new ArrayList<>();
        if (spec.targets() == null || spec.targets().isEmpty()) {
            errors.add(new FieldError(at + ".targets", "must name at least one target"));
        } else if (spec.targets().size() > MAX_TARGETS) {
            errors.add(new FieldError(at + ".targets", "must name at most " + MAX_TARGETS + " targets"));
        } else {
            for (int j = 0; j < spec.targets().size(); j++) {
                target(at + ".targets[" + j + "]", spec.targets().get(j), exists, errors, normalisedTargets, targets);
            }
        }
        if (errors.size() == before) {
            normalised.add(new PolicySpec.Level(minutes(delay), normalisedTargets));
            levels.add(new EscalationPolicy.Level(delay, targets));
        }
    }

    private static void target(String at, PolicySpec.Target spec, BiPredicate<TargetType, String> exists,
                               List<FieldError> errors, List<PolicySpec.Target> normalised,
                               List<EscalationPolicy.Target> targets) {
        if (spec == null) {
            errors.add(new FieldError(at, "must be a target object"));
            return;
        }
        TargetType type = TargetType.parse(spec.type()).orElse(null);
        if (type == null) {
            errors.add(new FieldError(at + ".type", spec.type() == null ? "is required: schedule, user or channel"
                    : "must be one of schedule, user, channel"));
        }
        String name = spec.name();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError(at + ".name", "is required"));
            return;
        }
        if (name.length() > 200) {
            errors.add(new FieldError(at + ".name", "must be at most 200 characters"));
            return;
        }
        if (type == null) {
            return;
        }
        if (!exists.test(type, name)) {
            String how = switch (type) {
                case schedule -> "PUT /api/v1/schedules/";
                case user -> "PUT /api/v1/users/";
                case channel -> "PUT /api/v1/channels/";
            };
            errors.add(new FieldError(at + ".name", "no " + type + " named " + name + " (" + how + name + " first)"));
            return;
        }
        normalised.add(new PolicySpec.Target(type.name(), name));
        targets.add(new EscalationPolicy.Target(type, name));
    }

    /** A wait in minutes: more than zero, at most a day, in whole seconds (so 0.5 is 30 s). */
    private static Duration delay(String field, BigDecimal minutes, List<FieldError> errors) {
        BigDecimal seconds = minutes.multiply(BigDecimal.valueOf(60));
        if (minutes.signum() <= 0 || minutes.compareTo(BigDecimal.valueOf(MAX_DELAY_MINUTES)) > 0) {
            errors.add(new FieldError(field, "must be more than 0 and at most " + MAX_DELAY_MINUTES + " minutes"));
            return null;
        }
        if (seconds.stripTrailingZeros().scale() > 0) {
            errors.add(new FieldError(field, "must be a whole number of seconds (e.g. 0.5 for 30 s)"));
            return null;
        }
        return Duration.ofSeconds(seconds.longValueExact());
    }
}
