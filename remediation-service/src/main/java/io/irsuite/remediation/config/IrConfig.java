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

        /** How often the MTTR watch looks for executions still running beyond their incident's MTTR target. */
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

        /** The same action on the same target within this window needs a person's approval. */
        @WithDefault("30m")
        Duration cooldown();

        /** At most this many executions run their steps at once, across replicas; the others queue. */
        @WithDefault("5")
        int maxConcurrent();

        /** At most this many executions run their steps at once in one Kubernetes namespace. */
        @WithDefault("2")
        int maxConcurrentPerNamespace();

        /** Every execution only describes its steps (as if each runbook said {@code dryRun: true}). */
        @WithDefault("false")
        boolean dryRun();

        /** How often queued executions and executions whose runner stopped (lease expired) are picked up. */
        @WithDefault("2s")
        Duration dispatchInterval();

        /** How often executions waiting for recovery check the incident's alerts (and metric) and deadline. */
        @WithDefault("2s")
        Duration verifyPollInterval();

        /** The playbook's MTTR target per severity: automation still running beyond it escalates. */
        MttrTargets mttrTarget();

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

    interface MttrTargets {
        @WithDefault("5m")
        Duration sev1();

        @WithDefault("15m")
        Duration sev2();

        @WithDefault("1h")
        Duration sev3();

        @WithDefault("4h")
        Duration sev4();

        /** The target of {@code severity} (SEV1..SEV4); an unknown severity gets SEV4's. */
        default Duration of(String severity) {
            if (severity == null) {
                return sev4();
            }
            return switch (severity) {
                case "SEV1" -> sev1();
                case "SEV2" -> sev2();
                case "SEV3" -> sev3();
                default -> sev4();
            };
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
