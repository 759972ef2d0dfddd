package io.irsuite.comms.config;

import io.irsuite.platform.retention.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The status page's history outlives the uptime bar only so long: ended rows older than the retention go. */
@ApplicationScoped
public class StatusPageRetention {

    @Produces
    @Singleton
    RetentionRule statusImpacts(IrConfig config) {
        return new RetentionRule("status-impacts", "status_impact", "to_at IS NOT NULL AND to_at < $1",
                config.comms().statusPageHistoryRetention());
    }

    @Produces
    @Singleton
    RetentionRule statusOverrides(IrConfig config) {
        return new RetentionRule("status-overrides", "status_override",
                "LEAST(until_at, cleared_at) IS NOT NULL AND LEAST(until_at, cleared_at) < $1",
                config.comms().statusPageHistoryRetention());
    }

    @Produces
    @Singleton
    RetentionRule statusMaintenances(IrConfig config) {
        return new RetentionRule("status-maintenances", "status_maintenance", "ends_at < $1",
                config.comms().statusPageHistoryRetention());
    }
}
