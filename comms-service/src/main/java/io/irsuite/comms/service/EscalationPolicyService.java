package io.irsuite.comms.service;

import io.irsuite.comms.domain.oncall.ChannelContact;
import io.irsuite.comms.domain.oncall.Directory;
import io.irsuite.comms.domain.oncall.EscalationPlan;
import io.irsuite.comms.domain.oncall.EscalationPolicy;
import io.irsuite.comms.domain.oncall.OnCallUser;
import io.irsuite.comms.domain.oncall.PolicyRules;
import io.irsuite.comms.domain.oncall.PolicySpec;
import io.irsuite.comms.domain.oncall.Schedule;
import io.irsuite.comms.domain.oncall.ScheduleRules;
import io.irsuite.comms.domain.oncall.ScheduleSpec;
import io.irsuite.comms.domain.oncall.TargetType;
import io.irsuite.comms.repository.EscalationPolicyRepository;
import io.irsuite.comms.repository.OnCallUserRepository;
import io.irsuite.comms.repository.ScheduleRepository;
import io.irsuite.comms.repository.StoredDefinition;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Escalation policies: create, replace, read, delete (refused while a route names them), and what walking one from an
 * instant would page ({@link #plan}), level by level, with each schedule resolved when its level fires.
 */
@ApplicationScoped
public class EscalationPolicyService {

    /** A policy's stored definition with its timestamps. */
    public record StoredPolicy(String name, PolicySpec spec, Instant createdAt, Instant updatedAt) {
    }

    private final Pool pool;
    private final EscalationPolicyRepository policies;
    private final ScheduleRepository schedules;
    private final OnCallUserRepository users;
    private final OnCallCodec codec;

    public EscalationPolicyService(Pool pool, EscalationPolicyRepository policies, ScheduleRepository schedules,
                                   OnCallUserRepository users, OnCallCodec codec) {
        this.pool = pool;
        this.policies = policies;
        this.schedules = schedules;
        this.users = users;
        this.codec = codec;
    }

    /** Checks the definition (every target must exist) and stores it with what it names, in one transaction. */
    public Uni<Saved<StoredPolicy>> put(String name, PolicySpec spec) {
        Set<PolicyRules.Reference> refs = PolicyRules.references(spec);
        Set<String> userNames = names(refs, TargetType.user);
        Set<String> scheduleNames = names(refs, TargetType.schedule);
        Set<String> channelNames = names(refs, TargetType.channel);
        return pool.withTransaction(db -> users.existing(db, userNames)
                .chain(u -> schedules.existing(db, scheduleNames)
                        .chain(s -> policies.existingChannels(db, channelNames)
                                .chain(c -> {
                                    PolicyRules.Checked checked = PolicyRules.check(name, spec, (type, target) -> switch (type) {
                                        case user -> u.contains(target);
                                        case schedule -> s.contains(target);
                                        case channel -> c.contains(target);
                                    });
                                    if (!checked.valid()) {
                                        return Uni.createFrom().failure(new InvalidInputException(checked.errors()));
                                    }
                                    return policies.upsert(db, name, codec.write(checked.normalised()), userNames,
                                            scheduleNames, Instant.now());
                                }))))
                .map(saved -> {
                    Log.infof("escalation policy %s %s", name, saved.created() ? "created" : "replaced");
                    return new Saved<>(stored(saved.value()), saved.created());
                });
    }

    public Uni<StoredPolicy> get(String name) {
        return find(pool, name).map(this::stored);
    }

    public Uni<List<StoredPolicy>> list() {
        return policies.list(pool).map(all -> all.stream().map(this::stored).toList());
    }

    /** The policy ready to walk; 404 when there is none. */
    public Uni<EscalationPolicy> policy(String name) {
        return find(pool, name).map(p -> PolicyRules.compile(name, codec.policy(p.definition())));
    }

    /** What walking policy {@code name} from {@code start} would page, when nobody acknowledges. */
    public Uni<EscalationPlan> plan(String name, Instant start) {
        return policy(name).chain(policy -> directory(policy).map(d -> EscalationPlan.of(policy, start, d)));
    }

    /**
     * The primary on call of policy {@code name} at {@code at}: the first person its level 1 pages then (schedules,
     * overrides and restrictions applied); empty when level 1 reaches nobody.
     */
    public Uni<Optional<String>> primary(String name, Instant at) {
        return policy(name).chain(policy -> pagesFor(policy, EscalationPlan.firings(policy, at).get(0)))
                .map(pages -> pages.stream().map(EscalationPlan.PlannedPage::user).filter(Objects::nonNull).findFirst());
    }

    /** The pages one firing of {@code policy} sends, resolved now against the stored users, schedules and channels. */
    public Uni<List<EscalationPlan.PlannedPage>> pagesFor(EscalationPolicy policy, EscalationPlan.Firing firing) {
        return directory(policy).map(d -> EscalationPlan.pagesFor(policy, firing, d));
    }

    /** Deletes the policy: 404 when there is none, 409 naming the routes that still use it. */
    public Uni<Void> delete(String name) {
        return pool.withTransaction(db -> policies.routesNaming(db, name).chain(routes -> {
            if (!routes.isEmpty()) {
                return Uni.createFrom().failure(new ConflictException("escalation policy " + name
                        + " is still the route of " + String.join(", ", routes) + "; change those routes first"));
            }
            return policies.delete(db, name);
        })).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(new NotFoundException("escalation policy " + name + " does not exist"));
            }
            Log.infof("escalation policy %s deleted", name);
            return Uni.createFrom().voidItem();
        });
    }

    /** Everything the policy's targets lead to: its schedules, their users and its own, its channels. */
    private Uni<Directory> directory(EscalationPolicy policy) {
        Set<String> scheduleNames = new LinkedHashSet<>();
        Set<String> userNames = new LinkedHashSet<>();
        Set<String> channelNames = new LinkedHashSet<>();
        for (EscalationPolicy.Level level : policy.levels()) {
            for (EscalationPolicy.Target t : level.targets()) {
                switch (t.type()) {
                    case schedule -> scheduleNames.add(t.name());
                    case user -> userNames.add(t.name());
                    case channel -> channelNames.add(t.name());
                }
            }
        }
        SqlClient db = pool;
        return schedules.findAll(db, scheduleNames).chain(stored -> {
            Map<String, Schedule> compiled = new HashMap<>();
            for (StoredDefinition s : stored) {
                ScheduleSpec spec = codec.schedule(s.definition());
                compiled.put(s.name(), ScheduleRules.compile(s.name(), spec));
                userNames.addAll(ScheduleRules.userNames(spec));
            }
            return users.findAll(db, userNames).chain(found -> policies.channels(db, channelNames).map(channels ->
                    new Directory(found.stream().collect(Collectors.toMap(OnCallUser::name, Function.identity())),
                            compiled,
                            channels.stream().collect(Collectors.toMap(ChannelContact::name, Function.identity())))));
        });
    }

    private Uni<StoredDefinition> find(SqlClient db, String name) {
        return policies.find(db, name).onItem().ifNull()
                .failWith(() -> new NotFoundException("escalation policy " + name + " does not exist"));
    }

    private StoredPolicy stored(StoredDefinition s) {
        return new StoredPolicy(s.name(), codec.policy(s.definition()), s.createdAt(), s.updatedAt());
    }

    private static Set<String> names(Set<PolicyRules.Reference> refs, TargetType type) {
        return refs.stream().filter(r -> r.type() == type).map(PolicyRules.Reference::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
