package io.irsuite.detection.config;

import io.irsuite.platform.retention.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Baselines of services that stopped pushing signals; an anomalous one stays, since its alert is still firing. */
@ApplicationScoped
public class SignalRetention {

    @Produces
    @Singleton
    RetentionRule signalBaselines(IrConfig config) {
        return new RetentionRule("signal-baselines", "signal_baseline", "NOT anomalous AND updated_at < $1",
                config.detection().signals().baselineRetention());
    }
}
