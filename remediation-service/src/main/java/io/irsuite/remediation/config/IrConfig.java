package io.irsuite.remediation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What remediation-service alone reads from {@code ir.*}; the shared settings (tokens, outbox,
 * retention) are ir-platform's {@code PlatformConfig}.
 */
@ConfigMapping(prefix = "ir")
public interface IrConfig {

    /** The runbook execution engine. */
    Execution execution();

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

    /** {@code ir.remediation.*}: what steps may do. */
    Remediation remediation();

    interface Remediation {
        /** {@code kubernetes} steps. */
        Kubernetes kubernetes();

        /** {@code ir.remediation.library.*}: the default runbook library (service/RunbookLibrary). */
        Library library();

        interface Library {
            /** Stores the shipped runbooks whose ids are not stored yet when the service starts. */
            @WithDefault("true")
            boolean enabled();

            /** Base URL of the feature-flag adapter ({@code disable-feature-flag}); unset: that runbook is stored disabled. */
            Optional<String> featureFlagUrl();

            /** Base URL of the cache adapter ({@code clear-cache}); unset: that runbook is stored disabled. */
            Optional<String> cacheUrl();

            /** Base URL of the circuit-breaker adapter ({@code open-circuit-breaker}); unset: that runbook is stored disabled. */
            Optional<String> circuitBreakerUrl();

            /** Base URL of the traffic adapter ({@code redirect-traffic}); unset: that runbook is stored disabled. */
            Optional<String> trafficUrl();

            /** Base URL of the database adapter ({@code database-failover}); unset: that runbook is stored disabled. */
            Optional<String> databaseUrl();
        }
    }

    interface Kubernetes {
        /**
         * The namespaces kubernetes steps may act in. Unset or empty: none (every kubernetes step
         * fails with "namespace not allowed") — acting on a cluster is opted into namespace by namespace.
         */
        Optional<List<String>> allowedNamespaces();

        /** The most replicas a scale step may ask for (absolute or after a relative change). */
        @WithDefault("20")
        int maxReplicas();

        /** How often a step reads the Deployment while waiting for its rollout. */
        @WithDefault("1s")
        Duration pollInterval();
    }
}
