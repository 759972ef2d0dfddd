package io.irsuite.comms.domain.oncall;

import io.irsuite.platform.problem.FieldError;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The rules a schedule definition follows, its stored form, and the {@link Schedule} it compiles to. Pure. */
public final class ScheduleRules {

    public static final int MAX_LAYERS = 20;
    public static final int MAX_USERS_PER_LAYER = 100;
    public static final int MAX_RESTRICTIONS = 20;
    public static final int MAX_OVERRIDES = 1000;
    /** The longest shift: a year of hours. */
    public static final int MAX_SHIFT_HOURS = 8784;

    /** A definition read: the errors, or the stored (normalised) form and the compiled schedule. */
    public record Checked(List<FieldError> errors, ScheduleSpec normalised, Schedule schedule) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private ScheduleRules() {
    }

    /** Every user a definition names, in layers and overrides. */
    public static Set<String> userNames(ScheduleSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        for (ScheduleSpec.Layer layer : nullToEmpty(spec.layers())) {
            if (layer != null && layer.users() != null) {
                layer.users().stream().filter(OnCallInputs::isName).forEach(names::add);
            }
        }
        for (ScheduleSpec.Override o : nullToEmpty(spec.overrides())) {
            if (o != null && OnCallInputs.isName(o.user())) {
                names.add(o.user());
            }
        }
        return names;
    }

    /** Reads the definition of schedule {@code name}; {@code userExists} says whether a named user exists. */
    public static Checked check(String name, ScheduleSpec spec, Predicate<String> userExists) {
        List<FieldError> errors = new ArrayList<>();
        if (!OnCallInputs.isName(name)) {
            errors.add(new FieldError("name", "must match " + OnCallInputs.NAME.pattern()));
        }
        ZoneId zone = OnCallInputs.zone("timeZone", spec.timeZone(), errors);
        List<ScheduleSpec.Layer> layerSpecs = spec.layers();
        List<ScheduleSpec.Layer> normalisedLayers = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        if (layerSpecs == null || layerSpecs.isEmpty()) {
            errors.add(new FieldError("layers", "must hold at least one layer"));
        } else if (layerSpecs.size() > MAX_LAYERS) {
            errors.add(new FieldError("layers", "must hold at most " + MAX_LAYERS + " layers"));
        } else {
            for (int i = 0; i < layerSpecs.size(); i++) {
                layer("layers[" + i + "]", layerSpecs.get(i), zone, userExists, errors, normalisedLayers, layers);
            }
        }
        List<ScheduleSpec.Override> normalisedOverrides = new ArrayList<>();
        List<ScheduleOverride> overrides = new ArrayList<>();
        List<ScheduleSpec.Override> overrideSpecs = nullToEmpty(spec.overrides());
        if (overrideSpecs.size() > MAX_OVERRIDES) {
            errors.add(new FieldError("overrides", "must hold at most " + MAX_OVERRIDES + " overrides"));
        } else {
            for (int i = 0; i < overrideSpecs.size(); i++) {
                override("overrides[" + i + "]", overrideSpecs.get(i), userExists, errors, normalisedOverrides,
                        overrides);
            }
        }
        if (!errors.isEmpty()) {
            return new Checked(List.copyOf(errors), null, null);
        }
        return new Checked(List.of(), new ScheduleSpec(zone.getId(), normalisedLayers, normalisedOverrides),
                new Schedule(name, zone, layers, overrides));
    }

    /** The schedule a stored (already checked) definition describes. */
    public static Schedule compile(String name, ScheduleSpec stored) {
        Checked checked = check(name, stored, user -> true);
        if (!checked.valid()) {
            throw new IllegalStateException("stored schedule " + name + " is invalid: "
                    + io.irsuite.platform.problem.InvalidInputException.summary(checked.errors()));
        }
        return checked.schedule();
    }

    private static void layer(String at, ScheduleSpec.Layer spec, ZoneId zone, Predicate<String> userExists,
                              List<FieldError> errors, List<ScheduleSpec.Layer> normalised, List<Layer> layers) {
        if (spec == null) {
            errors.add(new FieldError(at, "must be a layer object"));
            return;
        }
        int before = errors.size();
        List<String> users = spec.users();
        if (users == null || users.isEmpty()) {
            errors.add(new FieldError(at + ".users", "must name at least one user"));
        } else if (users.size() > MAX_USERS_PER_LAYER) {
            errors.add(new FieldError(at + ".users", "must name at most " + MAX_USERS_PER_LAYER + " users"));
        } else {
            for (int j = 0; j < users.size(); j++) {
                user(at + ".users[" + j + "]", users.get(j), userExists, errors);
            }
        }
        Rotation rotation = null;
        if (spec.rotation() == null) {
            if (spec.shiftLengthHours() == null) {
                errors.add(new FieldError(at + ".rotation", "is required: daily, weekly or hourly"));
            } else {
                rotation = Rotation.hourly;
            }
        } else {
            rotation = Rotation.parse(spec.rotation()).orElse(null);
            if (rotation == null) {
                errors.add(new FieldError(at + ".rotation", "must be one of daily, weekly, hourly"));
            }
        }
        Integer hours = OnCallInputs.wholeNumber(at + ".shiftLengthHours", spec.shiftLengthHours(), 1, MAX_SHIFT_HOURS,
                errors);
        if (rotation != null && hours != null && hours % rotation.hours != 0) {
            errors.add(new FieldError(at + ".shiftLengthHours", "must be a multiple of " + rotation.hours + " for a "
                    + rotation + " rotation (whole " + (rotation == Rotation.daily ? "days" : "weeks")
                    + ", each handing off at the same local time)"));
        }
        Instant handoffAt = OnCallInputs.instant(at + ".handoffAt", spec.handoffAt(), true, errors);
        List<ScheduleSpec.Restriction> restrictionSpecs = nullToEmpty(spec.restrictions());
        List<ScheduleSpec.Restriction> normalisedRestrictions = new ArrayList<>();
        List<Restriction> restrictions = new ArrayList<>();
        if (restrictionSpecs.size() > MAX_RESTRICTIONS) {
            errors.add(new FieldError(at + ".restrictions", "must hold at most " + MAX_RESTRICTIONS + " restrictions"));
        } else {
            for (int j = 0; j < restrictionSpecs.size(); j++) {
                restriction(at + ".restrictions[" + j + "]", restrictionSpecs.get(j), errors, normalisedRestrictions,
                        restrictions);
            }
        }
        if (errors.size() > before || zone == null) {
            return;
        }
        int length = hours != null ? hours : rotation.hours;
        normalised.add(new ScheduleSpec.Layer(List.copyOf(users), rotation.name(), BigDecimal.valueOf(length),
                handoffAt.toString(), normalisedRestrictions.isEmpty() ? null : normalisedRestrictions));
        layers.add(new Layer(users, rotation, length, handoffAt, restrictions, zone));
    }

    private static void restriction(String at, ScheduleSpec.Restriction spec, List<FieldError> errors,
                                    List<ScheduleSpec.Restriction> normalised, List<Restriction> restrictions) {
        if (spec == null) {
            errors.add(new FieldError(at, "must be a restriction object"));
            return;
        }
        int before = errors.size();
        if ("daily".equals(spec.type())) {
            notFor("daily", at + ".startDay", spec.startDay(), errors);
            notFor("daily", at + ".endDay", spec.endDay(), errors);
            LocalTime start = OnCallInputs.time(at + ".startTime", spec.startTime(), errors);
            LocalTime end = OnCallInputs.time(at + ".endTime", spec.endTime(), errors);
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            if (spec.days() != null) {
                if (spec.days().isEmpty()) {
                    errors.add(new FieldError(at + ".days", "must name at least one week day when given"));
                }
                for (int k = 0; k < spec.days().size(); k++) {
                    DayOfWeek d = OnCallInputs.day(at + ".days[" + k + "]", spec.days().get(k), errors);
                    if (d != null) {
                        days.add(d);
                    }
                }
            }
            if (errors.size() == before) {
                normalised.add(new ScheduleSpec.Restriction("daily", null, start.toString(), null, end.toString(),
                        days.isEmpty() ? null : days.stream().map(OnCallInputs::dayName).toList()));
                restrictions.add(new Restriction.Daily(start, end, days));
            }
        } else if ("weekly".equals(spec.type())) {
            if (spec.days() != null) {
                errors.add(new FieldError(at + ".days", "applies to daily restrictions only"));
            }
            DayOfWeek startDay = OnCallInputs.day(at + ".startDay", spec.startDay(), errors);
            LocalTime start = OnCallInputs.time(at + ".startTime", spec.startTime(), errors);
            DayOfWeek endDay = OnCallInputs.day(at + ".endDay", spec.endDay(), errors);
            LocalTime end = OnCallInputs.time(at + ".endTime", spec.endTime(), errors);
            if (errors.size() == before) {
                normalised.add(new ScheduleSpec.Restriction("weekly", OnCallInputs.dayName(startDay), start.toString(),
                        OnCallInputs.dayName(endDay), end.toString(), null));
                restrictions.add(new Restriction.Weekly(startDay, start, endDay, end));
            }
        } else {
            errors.add(new FieldError(at + ".type", spec.type() == null ? "is required: daily or weekly"
                    : "must be one of daily, weekly"));
        }
    }

    private static void override(String at, ScheduleSpec.Override spec, Predicate<String> userExists,
                                 List<FieldError> errors, List<ScheduleSpec.Override> normalised,
                                 List<ScheduleOverride> overrides) {
        if (spec == null) {
            errors.add(new FieldError(at, "must be an override object"));
            return;
        }
        int before = errors.size();
        user(at + ".user", spec.user(), userExists, errors);
        Instant from = OnCallInputs.instant(at + ".from", spec.from(), true, errors);
        Instant to = OnCallInputs.instant(at + ".to", spec.to(), true, errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError(at + ".to", "must be after from"));
        }
        if (errors.size() == before) {
            normalised.add(new ScheduleSpec.Override(spec.user(), from.toString(), to.toString()));
            overrides.add(new ScheduleOverride(spec.user(), from, to));
        }
    }

    private static void user(String at, String name, Predicate<String> userExists, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError(at, "is required (a user's name)"));
        } else if (!OnCallInputs.isName(name)) {
            errors.add(new FieldError(at, "must match " + OnCallInputs.NAME.pattern()));
        } else if (!userExists.test(name)) {
            errors.add(new FieldError(at, "no user named " + name + " (PUT /api/v1/users/" + name + " first)"));
        }
    }

    private static void notFor(String type, String field, String value, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError(field, "does not apply to " + type + " restrictions"));
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
