package io.irsuite.triage.repository;

import io.irsuite.triage.domain.ChangeEvent;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Queries over recorded changes. */
@ApplicationScoped
public class ChangeRepository {

    public Uni<ChangeEvent> find(UUID id) {
        return ChangeEvent.findById(id);
    }

    /** Newest first; {@code service} and {@code since} are optional filters. */
    public Uni<List<ChangeEvent>> search(String service, Instant since, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (service != null) {
            query.append(" and service = :service");
            params.and("service", service);
        }
        if (since != null) {
            query.append(" and at >= :since");
            params.and("since", since);
        }
        return ChangeEvent.<ChangeEvent>find(query.toString(), Sort.descending("at").and("receivedAt", Sort.Direction.Descending), params)
                .page(Page.ofSize(limit)).list();
    }

    /** Changes on any of {@code services} between {@code from} and {@code to}, inclusive. */
    public Uni<List<ChangeEvent>> between(Collection<String> services, Instant from, Instant to) {
        if (services.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ChangeEvent.list("service in ?1 and at >= ?2 and at <= ?3", Sort.by("at"), List.copyOf(services), from, to);
    }
}
