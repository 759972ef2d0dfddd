package io.irsuite.comms.service;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.CustomerWords;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentUpdate;
import io.irsuite.comms.domain.InternalStatusPage;
import io.irsuite.comms.domain.StatusComponent;
import io.irsuite.comms.domain.StatusPage;
import io.irsuite.comms.domain.StatusPageBuilder;
import io.irsuite.comms.repository.IncidentUpdateRepository;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.irsuite.comms.repository.StatusPageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Assembles the status page on every read from the database alone (components, overrides, maintenance,
 * impact history, incident views and their updates), so every replica shows the same page.
 */
@ApplicationScoped
public class StatusPageService {

    private final IncidentViewRepository views;
    private final IncidentUpdateRepository updates;
    private final StatusPageRepository status;
    private final IncidentStateCodec codec;
    private final IrConfig.Comms config;

    public StatusPageService(IncidentViewRepository views, IncidentUpdateRepository updates, StatusPageRepository status,
                             IncidentStateCodec codec, IrConfig config) {
        this.views = views;
        this.updates = updates;
        this.status = status;
        this.codec = codec;
        this.config = config.comms();
    }

    /** What customers see. */
    @WithSession
    public Uni<StatusPage> publicPage() {
        return inputs(true).map(StatusPageBuilder::publicPage);
    }

    /** Everything, for responders. */
    @WithSession
    public Uni<InternalStatusPage> internalPage() {
        return inputs(false).map(StatusPageBuilder::internalPage);
    }

    private Uni<StatusPageBuilder.Inputs> inputs(boolean publicOnly) {
        Instant now = Instant.now();
        int days = Math.max(1, config.statusPageUptimeDays());
        Instant windowStart = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days - 1L)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        return status.components().chain(all -> {
            List<StatusComponent> components = publicOnly ? all.stream().filter(StatusComponent::isPublic).toList() : all;
            Set<String> services = new LinkedHashSet<>();
            components.forEach(c -> services.addAll(c.services()));
            return status.overridesSince(windowStart)
                    .chain(overrides -> status.maintenancesEndingAfter(windowStart)
                            .chain(maintenances -> status.impactsSince(services, windowStart)
                                    .chain(impacts -> views.forStatusPage(now.minus(config.statusPageResolvedWindow()))
                                            .chain(rows -> {
                                                List<IncidentState> incidents = rows.stream().map(codec::toState).toList();
                                                List<UUID> ids = incidents.stream().map(IncidentState::id).toList();
                                                return updates.forIncidents(ids).map(list -> new StatusPageBuilder.Inputs(
                                                        now, components, overrides, maintenances, incidents,
                                                        byIncident(list), impacts, config.statusPageResolvedWindow(),
                                                        days));
                                            }))));
        });
    }

    private static Map<UUID, List<CustomerWords.StoredUpdate>> byIncident(List<IncidentUpdate> list) {
        Map<UUID, List<CustomerWords.StoredUpdate>> out = new LinkedHashMap<>();
        for (IncidentUpdate u : list) {
            out.computeIfAbsent(u.incidentId, k -> new ArrayList<>())
                    .add(new CustomerWords.StoredUpdate(u.at, u.kind, u.status, u.severity, u.text));
        }
        return out;
    }
}
