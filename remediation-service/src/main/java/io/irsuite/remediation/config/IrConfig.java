package io.irsuite.remediation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything remediation-service reads from {@code ir.*}. */
@ConfigMapping(prefix = "ir")
public interface IrConfig {

    /** Token with every role (env {@code IR_ADMIN_TOKEN}); unset means no admin token. */
    Optional<String> adminToken();

    /** Further tokens, comma-separated {@code token=role+role} (env {@code IR_API_TOKENS}). */
    Optional<String> apiTokens();

    /** The transactional outbox relay. */
    Outbox outbox();

    /** The runbook execution engine. */
    Execution execution();

    interface Outbox {
        /** How often the relay sweeps for events the after-commit publish missed. */
        @WithDefault("2s")
        Duration sweepInterval();

        /** Rows claimed per relay round. */
        @WithDefault("100")
        int batchSize();
    }

    interface Execution {
        /** Names this process in RUNNING executions; stable across restarts (defaults to the host name). */
        Optional<String> runnerId();

        /** Added to a step's worst-case duration to form the lease of a RUNNING execution. */
        @WithDefault("60s")
        Duration leaseMargin();

        /** How often RUNNING executions with an expired lease (a crashed runner) are failed. */
        @WithDefault("30s")
        Duration sweepInterval();

        /** Step output is truncated to this many UTF-8 bytes. */
        @WithDefault("2048")
        int maxOutputBytes();
    }
}
