package io.irsuite.comms.service;

import io.irsuite.comms.domain.oncall.OnCall;
import io.irsuite.comms.domain.oncall.Schedule;
import io.irsuite.comms.domain.oncall.ScheduleRules;
import io.irsuite.comms.domain.oncall.ScheduleSpec;
import io.irsuite.comms.domain.oncall.Shift;
import io.irsuite.comms.repository.ScheduleRepository;
import io.irsuite.comms.repository.StoredDefinition;
import io.irsuite.comms.repository.OnCallUserRepository;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * On-call schedules: create, replace, read, delete (refused while a policy names them), and who is on call at an
 * instant. The definitions live in the database only, so every replica answers the same.
 */
@ApplicationScoped
public class ScheduleService {

    /** A schedule's stored definition with its timestamps. */
    public record StoredSchedule(String name, ScheduleSpec spec, Instant createdAt, Instant updatedAt) {
    }

    private final Pool pool;
    private final ScheduleRepository schedules;
    private final OnCallUserRepository users;
    private final OnCallCodec codec;

    public ScheduleService(Pool pool, ScheduleRepository schedules, OnCallUserRepository users, OnCallCodec codec) {
        this.pool = pool;
        this.schedules = schedules;
        this.users = users;
        this.codec = codec;
    }

    /** Checks the definition (every user it names must exist) and stores it with its members, in one transaction. */
    public Uni<Saved<StoredSchedule>> put(String name, ScheduleSpec spec) {
        Set<String> named = ScheduleRules.userNames(spec);
        return pool.withTransaction(db -> users.existing(db, named).chain(existing -> {
            ScheduleRules.Checked checked = ScheduleRules.check(name, spec, existing::contains);
            if (!checked.valid()) {
                return Uni.createFrom().failure(new InvalidInputException(checked.errors()));
            }
            return schedules.upsert(db, name, codec.write(checked.normalised()), named, Instant.now());
        })).map(saved -> {
            Log.infof("schedule %s %s", name, saved.created() ? "created" : "replaced");
            return new Saved<>(stored(saved.value()), saved.created());
        });
    }

    public Uni<StoredSchedule> get(String name) {
        return find(name).map(this::stored);
    }

    public Uni<List<StoredSchedule>> list() {
        return schedules.list(pool).map(all -> all.stream().map(this::stored).toList());
    }

    /** The schedule ready for arithmetic; 404 when there is none. */
    public Uni<Schedule> schedule(String name) {
        return find(name).map(s -> ScheduleRules.compile(name, codec.schedule(s.definition())));
    }

    /** Every schedule ready for arithmetic, by name, from one read. */
    public Uni<List<Schedule>> schedules() {
        return schedules.list(pool).map(all -> all.stream()
                .map(s -> ScheduleRules.compile(s.name(), codec.schedule(s.definition()))).toList());
    }

    /** Who is on call on schedule {@code name} at {@code at}, from when to when; empty when nobody is. */
    public Uni<Optional<Shift>> onCall(String name, Instant at) {
        return schedule(name).map(s -> OnCall.at(s, at));
    }

    /** Who is on call at {@code at}, or a 404 saying that nobody is, and who comes next. */
    public Uni<Shift> requireOnCall(String name, Instant at) {
        return schedule(name).map(schedule -> OnCall.at(schedule, at).orElseThrow(() -> {
            String next = OnCall.next(schedule, at).map(s -> "; next: " + s.user() + " from " + s.from())
                    .orElse("; nobody within a year either");
            return new NotFoundException("nobody is on call on schedule " + name + " at " + at + next);
        }));
    }

    /** Deletes the schedule: 404 when there is none, 409 naming the policies that still name it. */
    public Uni<Void> delete(String name) {
        return pool.withTransaction(db -> schedules.policiesNaming(db, name).chain(policies -> {
            if (!policies.isEmpty()) {
                return Uni.createFrom().failure(new ConflictException("schedule " + name
                        + " is still named by escalation policy " + String.join(", ", policies) + "; change those first"));
            }
            return schedules.delete(db, name);
        })).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(new NotFoundException("schedule " + name + " does not exist"));
            }
            Log.infof("schedule %s deleted", name);
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<StoredDefinition> find(String name) {
        return schedules.find(pool, name).onItem().ifNull()
                .failWith(() -> new NotFoundException("schedule " + name + " does not exist"));
    }

    private StoredSchedule stored(StoredDefinition s) {
        return new StoredSchedule(s.name(), codec.schedule(s.definition()), s.createdAt(), s.updatedAt());
    }
}
