package io.irsuite.triage.service;

import io.irsuite.triage.domain.ChangeEvent;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.domain.NotFound;
import io.irsuite.triage.repository.ChangeRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Records changes (deploys, config, feature flags, infra) that root-cause analysis correlates with alerts. */
@ApplicationScoped
public class ChangeService {

    private final ChangeRepository changes;

    public ChangeService(ChangeRepository changes) {
        this.changes = changes;
    }

    /** Stores the change; {@code previousVersion} is kept for the record only. */
    @WithTransaction
    public Uni<ChangeEvent> record(ChangeFacts facts, String previousVersion) {
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
                .invoke(() -> Log.infof("change %s recorded: %s on %s at %s", change.id, change.type, change.service, change.at));
    }

    @WithSession
    public Uni<ChangeEvent> get(UUID id) {
        return changes.find(id).onItem().ifNull().failWith(() -> new NotFound("no change " + id));
    }

    @WithSession
    public Uni<List<ChangeEvent>> search(String service, Instant since, int limit) {
        return changes.search(service, since, limit);
    }
}
