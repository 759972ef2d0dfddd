package io.irsuite.comms.service;

import io.irsuite.comms.domain.ErrorBudget;
import io.irsuite.comms.domain.Slo;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Service level objectives and the error budgets their services' incidents consume. */
@ApplicationScoped
public class SloService {

    /** A stored SLO, and whether the PUT created it. */
    public record Saved(ErrorBudget budget, boolean created) {
    }

    private final IncidentViewRepository views;
    private final IncidentStateCodec codec;

    public SloService(IncidentViewRepository views, IncidentStateCodec codec) {
        this.views = views;
        this.codec = codec;
    }

    @WithTransaction
    public Uni<Saved> put(String service, double objective, int windowDays, String by) {
        return Slo.<Slo>findById(service).chain(existing -> {
            Slo slo = existing == null ? new Slo() : existing;
            slo.service = service;
            slo.objective = objective;
            slo.windowDays = windowDays;
            slo.updatedBy = by;
            slo.updatedAt = Instant.now();
            Uni<Slo> stored = existing == null ? slo.persist() : Uni.createFrom().item(slo);
            return stored.chain(s -> budget(s)).map(b -> new Saved(b, existing == null));
        });
    }

    @WithSession
    public Uni<ErrorBudget> get(String service) {
        return Slo.<Slo>findById(service).onItem().ifNull().failWith(() -> new NotFoundException("no SLO for service " + service))
                .chain(this::budget);
    }

    @WithSession
    public Uni<List<ErrorBudget>> list() {
        return Slo.<Slo>findAll(Sort.by("service")).list().chain(all -> {
            Uni<List<ErrorBudget>> chain = Uni.createFrom().item(new ArrayList<>());
            for (Slo slo : all) {
                chain = chain.chain(done -> budget(slo).map(b -> {
                    done.add(b);
                    return done;
                }));
            }
            return chain;
        });
    }

    @WithTransaction
    public Uni<Boolean> delete(String service) {
        return Slo.deleteById(service);
    }

    private Uni<ErrorBudget> budget(Slo slo) {
        Instant now = Instant.now();
        return views.openSince(now.minus(java.time.Duration.ofDays(slo.windowDays)))
                .map(list -> ErrorBudget.of(slo.service, slo.objective, slo.windowDays, now, list.stream()
                        .filter(v -> {
                            List<String> services = codec.toState(v).services();
                            return services != null && services.contains(slo.service);
                        })
                        .map(v -> new ErrorBudget.Outage(v.severity, v.startedAt, v.resolvedAt)).toList()));
    }
}
