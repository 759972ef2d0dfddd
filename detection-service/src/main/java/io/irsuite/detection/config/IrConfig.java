package io.irsuite.detection.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every {@code ir.*} setting of detection-service. */
@ConfigMapping(prefix = "ir")
public interface IrConfig {

    /** Bearer token with every role (env {@code IR_ADMIN_TOKEN}); unset means no admin token. */
    Optional<String> adminToken();

    /** Comma-separated {@code token=role+role} list (env {@code IR_API_TOKENS}). */
    Optional<String> apiTokens();

    /** Alert hygiene and incident lifecycle. */
    Detection detection();

    /** The transactional outbox relay. */
    Outbox outbox();

    interface Detection {

        /** A firing alert whose fingerprint was seen within this window is a duplicate. */
        @WithDefault("30m")
        Duration dedupCooldown();

        /** A new alert joins (or merges) open incidents that started at most this long before it. */
        @WithDefault("10m")
        Duration groupingWindow();

        /** Topology-aware grouping over the catalog replica's dependency graph. */
        Grouping grouping();

        /** How long an incident must stay quiet (after mitigation, or with all alerts resolved) before it resolves. */
        @WithDefault("5m")
        Duration stabilisationWindow();

        /** How often the stabilisation check runs (read by the @Scheduled expression). */
        @WithDefault("1s")
        Duration lifecycleCheckInterval();
    }

    interface Grouping {

        /**
         * How many "depends on" hops apart two services may be (one upstream of the other) for their
         * alerts to be one failure; 0 groups by same service only.
         */
        @WithDefault("2")
        int maxHops();
    }

    interface Outbox {

        /** How often the relay sweeps for unpublished events (read by the @Scheduled expression). */
        @WithDefault("2s")
        Duration sweepInterval();
    }
}
