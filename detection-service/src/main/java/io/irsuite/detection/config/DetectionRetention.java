package io.irsuite.detection.config;

import io.irsuite.platform.retention.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** What detection prunes beyond the platform's outbox and inbox rules. */
@ApplicationScoped
public class DetectionRetention {

    @Produces
    @Singleton
    RetentionRule resolvedAlerts(IrConfig config) {
        return new RetentionRule("resolved-alerts", "alert",
                "status = 'resolved' AND last_seen_at < $1 AND (incident_id IS NULL OR incident_id IN "
                        + "(SELECT id FROM incident WHERE status = 'RESOLVED'))",
                config.detection().resolvedAlertRetention());
    }

    @Produces
    @Singleton
    RetentionRule expiredSilences(IrConfig config) {
        return new RetentionRule("expired-silences", "silence", "ends_at < $1",
                config.detection().expiredSilenceRetention());
    }
}
