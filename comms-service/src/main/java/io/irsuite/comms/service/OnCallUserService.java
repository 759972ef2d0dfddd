package io.irsuite.comms.service;

import io.irsuite.comms.domain.oncall.OnCallUser;
import io.irsuite.comms.domain.oncall.UserRules;
import io.irsuite.comms.domain.oncall.UserSpec;
import io.irsuite.comms.repository.OnCallUserRepository;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Users who can be on call and paged: create, replace, read, delete (refused while a schedule or policy names them). */
@ApplicationScoped
public class OnCallUserService {

    /** A user with its timestamps. */
    public record StoredUser(OnCallUser user, Instant createdAt, Instant updatedAt) {
    }

    private final Pool pool;
    private final OnCallUserRepository users;

    public OnCallUserService(Pool pool, OnCallUserRepository users) {
        this.pool = pool;
        this.users = users;
    }

    public Uni<Saved<StoredUser>> put(String name, UserSpec spec) {
        List<FieldError> errors = UserRules.check(name, spec);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        OnCallUser user = UserRules.normalise(name, spec);
        return users.upsert(pool, user, Instant.now()).map(saved -> {
            Log.infof("user %s %s (contacts: %s, time zone %s)", name, saved.created() ? "created" : "replaced",
                    user.contacts().stream().map(c -> c.method().name()).toList(), user.timeZone());
            return new Saved<>(stored(saved.value()), saved.created());
        });
    }

    public Uni<StoredUser> get(String name) {
        return users.find(pool, name).onItem().ifNull()
                .failWith(() -> new NotFoundException("user " + name + " does not exist"))
                .map(OnCallUserService::stored);
    }

    public Uni<List<StoredUser>> list() {
        return users.list(pool).map(all -> all.stream().map(OnCallUserService::stored).toList());
    }

    /** The users among {@code names} (for a pager resolving whom to reach). */
    public Uni<List<OnCallUser>> find(List<String> names) {
        return users.findAll(pool, names);
    }

    /** Deletes the user: 404 when there is none, 409 naming the schedules and policies that still name it. */
    public Uni<Void> delete(String name) {
        return pool.withTransaction(db -> users.referrers(db, name).chain(refs -> {
            if (!refs.none()) {
                List<String> by = new ArrayList<>();
                refs.schedules().forEach(s -> by.add("schedule " + s));
                refs.policies().forEach(p -> by.add("escalation policy " + p));
                return Uni.createFrom().failure(new ConflictException(
                        "user " + name + " is still named by " + String.join(", ", by) + "; change those first"));
            }
            return users.delete(db, name);
        })).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(new NotFoundException("user " + name + " does not exist"));
            }
            Log.infof("user %s deleted", name);
            return Uni.createFrom().voidItem();
        });
    }

    private static StoredUser stored(OnCallUserRepository.Stored s) {
        return new StoredUser(s.user(), s.createdAt(), s.updatedAt());
    }
}
