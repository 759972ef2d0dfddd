package io.irsuite.detection.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.InhibitRule;
import io.irsuite.detection.domain.Inhibition;
import io.irsuite.detection.domain.Matcher;
import io.irsuite.detection.domain.MatcherSpec;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The configured inhibition rules: stored in {@code inhibit_rule}, kept in memory for grouping and
 * re-read at start, after every change made here and every {@code ir.detection.silence-refresh-interval},
 * so a rule changed on another replica applies within that interval.
 */
@ApplicationScoped
public class InhibitRules {

    /** A rule as the API shows it. */
    public record View(String name, List<MatcherSpec> sourceMatchers, List<MatcherSpec> targetMatchers,
                       List<String> equal, Instant createdAt, Instant updatedAt) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,199}");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Pool pool;
    private final StoredJson json;
    private final IrConfig config;
    private volatile List<Inhibition.Rule> snapshot = List.of();

    public InhibitRules(Pool pool, StoredJson json, IrConfig config) {
        this.pool = pool;
        this.json = json;
        this.config = config;
    }

    void load(@Observes StartupEvent start) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    /** The configured rules, by name. */
    public List<Inhibition.Rule> rules() {
        return snapshot;
    }

    /** The hops of the topology default rule, empty when it is off. */
    public OptionalInt topologyHops() {
        return config.detection().inhibition().topologyDefault()
                ? OptionalInt.of(Math.max(0, config.detection().grouping().maxHops())) : OptionalInt.empty();
    }

    @Scheduled(every = "${ir.detection.silence-refresh-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> Log.warnf("inhibit rules refresh failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<Void> reload() {
        return pool.query("SELECT name, source_matchers, target_matchers, equal_labels FROM inhibit_rule ORDER BY name")
                .execute()
                .map(rows -> {
                    List<Inhibition.Rule> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(compile(r.getString("name"), json.read(r.getString("source_matchers"), Silences.SPECS),
                                json.read(r.getString("target_matchers"), Silences.SPECS),
                                json.read(r.getString("equal_labels"), STRINGS)));
                    }
                    snapshot = List.copyOf(out);
                    return null;
                });
    }

    /**
     * Validates a rule; errors name {@code name}, {@code sourceMatchers[i].value}, {@code equal[i]} ...
     *
     * @throws InvalidInputException when it is not a valid rule
     */
    public static Inhibition.Rule compile(String name, List<MatcherSpec> source, List<MatcherSpec> target,
                                          List<String> equal) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be 1-100 letters, digits, '.', '_' or '-'"));
        } else if (Inhibition.TOPOLOGY.equals(name)) {
            errors.add(new FieldError("name", "'topology' is the built-in default rule"));
        }
        List<Matcher> s = MatcherSpec.compile(source, "sourceMatchers", errors);
        List<Matcher> t = MatcherSpec.compile(target, "targetMatchers", errors);
        List<String> labels = equal == null ? List.of() : equal;
        if (labels.size() > MatcherSpec.MAX_MATCHERS) {
            errors.add(new FieldError("equal", "at most " + MatcherSpec.MAX_MATCHERS + " label names"));
        }
        for (int i = 0; i < labels.size() && i < MatcherSpec.MAX_MATCHERS; i++) {
            if (labels.get(i) == null || !LABEL.matcher(labels.get(i)).matches()) {
                errors.add(new FieldError("equal[" + i + "]", "must be a label name ([a-zA-Z_][a-zA-Z0-9_]*)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(InvalidInputException.summary(errors), errors);
        }
        return new Inhibition.Rule(name, s, t, List.copyOf(labels));
    }

    /** Creates or replaces the rule; returns its view and whether it is new. */
    public Uni<Saved> put(Inhibition.Rule rule) {
        return save(rule).call(this::reload);
    }

    /** A saved rule and whether it was created (else replaced). */
    public record Saved(View view, boolean created) {
    }

    @WithTransaction
    Uni<Saved> save(Inhibition.Rule rule) {
        Instant now = Clock.now();
        return InhibitRule.<InhibitRule>findById(rule.name(), LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
            InhibitRule row = existing != null ? existing : new InhibitRule();
            row.sourceMatchers = json.write(rule.source().stream().map(MatcherSpec::of).toList());
            row.targetMatchers = json.write(rule.target().stream().map(MatcherSpec::of).toList());
            row.equalLabels = json.write(rule.equal());
            row.updatedAt = now;
            Log.infof("inhibit rule %s %s", rule.name(), existing == null ? "created" : "replaced");
            if (existing != null) {
                return Uni.createFrom().item(new Saved(view(row), false));
            }
            row.name = rule.name();
            row.createdAt = now;
            return row.persist().replaceWith(new Saved(view(row), true));
        });
    }

    @WithSession
    public Uni<List<View>> list() {
        return InhibitRule.<InhibitRule>listAll(io.quarkus.panache.common.Sort.by("name"))
                .map(rows -> rows.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<View> get(String name) {
        return InhibitRule.<InhibitRule>findById(name).onItem().ifNull().failWith(() -> notFound(name)).map(this::view);
    }

    public Uni<Void> delete(String name) {
        return remove(name).call(this::reload);
    }

    @WithTransaction
    Uni<Void> remove(String name) {
        return InhibitRule.deleteById(name).invoke(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
        }).replaceWithVoid();
    }

    private View view(InhibitRule row) {
        return new View(row.name, json.read(row.sourceMatchers, Silences.SPECS),
                json.read(row.targetMatchers, Silences.SPECS), json.read(row.equalLabels, STRINGS), row.createdAt,
                row.updatedAt);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no inhibit rule " + name);
    }
}
