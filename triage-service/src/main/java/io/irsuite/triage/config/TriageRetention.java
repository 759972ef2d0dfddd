package io.irsuite.triage.config;

import io.irsuite.platform.retention.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** What triage prunes beyond the platform's outbox and inbox rules. */
@ApplicationScoped
public class TriageRetention {

    /** Versions an incident has moved past; its newest version is what the API, remediation and learning read. */
    @Produces
    @Singleton
    RetentionRule supersededVersions(IrConfig config) {
        return new RetentionRule("superseded-triage-versions", "triage_result",
                "triaged_at < $1 AND version < (SELECT i.version FROM triage_incident i "
                        + "WHERE i.incident_id = triage_result.incident_id)",
                config.triage().supersededVersionRetention());
    }
}
