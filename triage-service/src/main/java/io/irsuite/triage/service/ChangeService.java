package io.irsuite.triage.service;

import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.triage.domain.ChangeEvent;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.repository.ChangeRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records changes (deploys, config, feature flags, infra) that root-cause analysis correlates with alerts,
 * from HTTP or AMQP, and re-triages the open incidents a new change may explain.
 */
@ApplicationScoped
public class ChangeService {

    /** A stored change and the incidents it re-triaged. */
    public record Recorded(ChangeEvent change, List<UUID> retriaged) {
    }

    private final ChangeRepository changes;
    private final TriageService triage;

    public ChangeService(ChangeRepository changes, TriageService triage) {
        this.changes = changes;
        this.triage = triage;
    }

    /** Stores the change and re-triages in the same transaction; {@code previousVersion} is kept for the record only. */
    @WithTransaction
    public Uni<Recorded> record(ChangeFacts facts, String previousVersion) {
        ChangeEvent change = new ChangeEvent();
        change.id = UUID.randomUUID();
        change.service = facts.service();
        change.type = facts.type().wire();
        change.version = facts.version();
        change.previousVersion = previousVersion;
        change.description = facts.description();
        change.receivedAt = Instant.now();
        change.at = facts.at() == null ? change.receivedAt : facts.at();
        return change.<ChangeEvent>persist()
                .invoke(() -> Log.infof("change %s recorded: %s on %s at %s", change.id, change.type, change.service, change.at))
                .chain(() -> triage.retriageForChange(change.facts()))
                .invoke(ids -> {
                    if (!ids.isEmpty()) {
                        Log.infof("change %s re-triaged %d open incident(s): %s", change.id, ids.size(), ids);
                    }
                })
                .map(ids -> new Recorded(change, ids));
    }

    @WithSession
    public Uni<ChangeEvent> get(UUID id) {
        return changes.find(id).onItem().ifNull().failWith(() -> new NotFoundException("no change " + id));
    }

    @WithSession
    public Uni<List<ChangeEvent>> search(String service, Instant since, int limit) {
        return changes.search(service, since, limit);
    }
}
