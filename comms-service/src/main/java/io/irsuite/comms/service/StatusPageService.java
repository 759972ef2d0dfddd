package io.irsuite.comms.service;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentUpdate;
import io.irsuite.comms.domain.StatusPage;
import io.irsuite.comms.domain.StatusPageBuilder;
import io.irsuite.comms.repository.CatalogRepository;
import io.irsuite.comms.repository.IncidentUpdateRepository;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Assembles the status page from the incident views, their updates and the catalog replica. */
@ApplicationScoped
public class StatusPageService {

    private final IncidentViewRepository views;
    private final IncidentUpdateRepository updates;
    private final CatalogRepository catalog;
    private final IncidentStateCodec codec;
    private final IrConfig.Comms config;

    public StatusPageService(IncidentViewRepository views, IncidentUpdateRepository updates, CatalogRepository catalog,
                             IncidentStateCodec codec, IrConfig config) {
        this.views = views;
        this.updates = updates;
        this.catalog = catalog;
        this.codec = codec;
        this.config = config.comms();
    }

    @WithSession
    public Uni<StatusPage> current() {
        Instant now = Instant.now();
        return catalog.live().chain(entries -> views.forStatusPage(now.minus(config.statusPageResolvedWindow()))
                .chain(rows -> {
                    List<IncidentState> incidents = rows.stream().map(codec::toState).toList();
                    List<UUID> ids = incidents.stream().map(IncidentState::id).toList();
                    return updates.forIncidents(ids).map(list -> {
                        Map<UUID, List<StatusPage.Update>> byIncident = new LinkedHashMap<>();
                        for (IncidentUpdate u : list) {
                            byIncident.computeIfAbsent(u.incidentId, k -> new java.util.ArrayList<>())
                                    .add(new StatusPage.Update(u.at, u.status, u.text));
                        }
                        List<StatusPage.CatalogComponent> components = entries.stream()
                                .map(c -> new StatusPage.CatalogComponent(c.name, c.tier)).toList();
                        return StatusPageBuilder.build(now, components, incidents, byIncident,
                                config.statusPageAllComponentsUpTo(), config.statusPageResolvedWindow());
                    });
                }));
    }
}
