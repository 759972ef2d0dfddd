package io.irsuite.detection.service;

import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.repository.RaisedAlertRepository;
import io.irsuite.detection.repository.RaisedAlertRepository.Claimed;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands the alerts detection raises itself (missed heartbeats, failing checks) to the one ingest path,
 * so they are deduplicated, stored and grouped like any source's. What to raise is written to
 * {@code raised_alert} in the transaction of the state change that decided it; this delivers it at
 * least once: right after that commit, and from every tick as the safety net for a crash or a failed
 * ingest. A claim lets one replica at a time deliver a fingerprint, in the order its states were set.
 */
@ApplicationScoped
public class RaisedAlerts {

    private final RaisedAlertRepository raised;
    private final AlertIngestService ingest;
    private final IrConfig config;
    private final MonitorMetrics metrics;

    public RaisedAlerts(RaisedAlertRepository raised, AlertIngestService ingest, IrConfig config,
                        MonitorMetrics metrics) {
        this.raised = raised;
        this.ingest = ingest;
        this.config = config;
        this.metrics = metrics;
    }

    /** Delivers the pending alerts no other replica holds; emits how many. */
    public Uni<Integer> deliverPending() {
        return deliver(null);
    }

    /**
     * Delivers {@code fingerprint}'s pending alert now, unless another replica holds it (then that one or
     * the next tick does). Never fails: what it cannot deliver the tick delivers.
     */
    public Uni<Integer> deliverNow(String fingerprint) {
        return deliver(fingerprint).onFailure().recoverWithItem(e -> {
            Log.warnf("raised alert %s not delivered yet (the next tick retries): %s", fingerprint, e.getMessage());
            return 0;
        });
    }

    private Uni<Integer> deliver(String fingerprint) {
        IrConfig.Heartbeats settings = config.detection().heartbeats();
        return raised.claimPending(settings.batchSize(), settings.deliveryClaim(), fingerprint).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Instant now = Clock.now();
            // one ingest call per source, so that ir_alerts_received_total tells them apart
            Map<String, List<NormalizedAlert>> bySource = new LinkedHashMap<>();
            for (Claimed c : claimed) {
                bySource.computeIfAbsent(c.alert().source(), s -> new ArrayList<>()).add(c.alert().normalized(now));
            }
            return Multi.createFrom().iterable(bySource.entrySet())
                    .onItem().transformToUniAndConcatenate(e -> ingest.ingestNormalized(e.getValue(), e.getKey()))
                    .collect().asList()
                    .chain(() -> raised.delivered(claimed))
                    .invoke(() -> claimed.forEach(c -> metrics.raisedAlertDelivered(c.alert().status().wire())))
                    .replaceWith(claimed.size())
                    .onFailure().call(e -> raised.release(claimed).onFailure().recoverWithNull());
        });
    }
}
