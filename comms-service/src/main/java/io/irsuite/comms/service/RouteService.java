package io.irsuite.comms.service;

import io.irsuite.comms.domain.oncall.OnCallInputs;
import io.irsuite.comms.repository.EscalationPolicyRepository;
import io.irsuite.comms.repository.RouteRepository;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Routes: which escalation policy pages a catalog owner (team), with {@code default} as the fallback. */
@ApplicationScoped
public class RouteService {

    /** A route: the owner and its policy, with timestamps. */
    public record StoredRoute(String owner, String policy, Instant createdAt, Instant updatedAt) {
    }

    /** The policy that pages an owner, and whether it came from the {@code default} route. */
    public record Route(String owner, String policy, boolean fallback) {
    }

    private final Pool pool;
    private final RouteRepository routes;
    private final EscalationPolicyRepository policies;

    public RouteService(Pool pool, RouteRepository routes, EscalationPolicyRepository policies) {
        this.pool = pool;
        this.routes = routes;
        this.policies = policies;
    }

    public Uni<Saved<StoredRoute>> put(String owner, String policy) {
        List<FieldError> errors = new ArrayList<>();
        if (!OnCallInputs.isOwner(owner)) {
            errors.add(new FieldError("owner", "must be a catalog owner: 1 to 200 characters, no control characters,"
                    + " no leading or trailing space"));
        }
        if (policy == null || policy.isBlank()) {
            errors.add(new FieldError("policy", "is required (an escalation policy's name)"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        return pool.withTransaction(db -> policies.exists(db, policy).chain(exists -> exists
                        ? routes.upsert(db, owner, policy, Instant.now())
                        : Uni.createFrom().failure(InvalidInputException.of("policy",
                        "no escalation policy named " + policy + " (PUT /api/v1/escalation-policies/" + policy + " first)"))))
                .map(saved -> {
                    Log.infof("route %s -> %s %s", owner, policy, saved.created() ? "created" : "replaced");
                    return new Saved<>(stored(saved.value()), saved.created());
                });
    }

    public Uni<StoredRoute> get(String owner) {
        return routes.find(pool, owner).onItem().ifNull()
                .failWith(() -> new NotFoundException("no route for " + owner))
                .map(RouteService::stored);
    }

    public Uni<List<StoredRoute>> list() {
        return routes.list(pool).map(all -> all.stream().map(RouteService::stored).toList());
    }

    public Uni<Void> delete(String owner) {
        return routes.delete(pool, owner).chain(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFoundException("no route for " + owner)));
    }

    /** The policy that pages {@code owner}: its own route, else the {@code default} route; empty when neither exists. */
    public Uni<Optional<Route>> route(String owner) {
        return routes.route(pool, owner).map(r -> Optional.ofNullable(r)
                .map(found -> new Route(owner, found.policy(), !found.owner().equals(owner))));
    }

    /** {@link #route} for many owners at once: each owner that has a route or falls back to {@code default}, one query. */
    public Uni<Map<String, Route>> routes(Collection<String> owners) {
        return routes.routes(pool, owners).map(found -> {
            Map<String, String> policies = new HashMap<>();
            found.forEach(r -> policies.put(r.owner(), r.policy()));
            String fallback = policies.get(OnCallInputs.DEFAULT_ROUTE);
            Map<String, Route> byOwner = new HashMap<>();
            for (String owner : owners) {
                String own = policies.get(owner);
                if (own != null || fallback != null) {
                    byOwner.put(owner, new Route(owner, own != null ? own : fallback, own == null));
                }
            }
            return byOwner;
        });
    }

    private static StoredRoute stored(RouteRepository.StoredRoute r) {
        return new StoredRoute(r.owner(), r.policy(), r.createdAt(), r.updatedAt());
    }
}
