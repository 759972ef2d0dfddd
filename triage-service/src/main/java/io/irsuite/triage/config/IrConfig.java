package io.irsuite.triage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Configuration of triage-service's own rules, under {@code ir.triage}. The keys every service shares
 * (tokens, outbox relay, retention) are ir-platform's {@code PlatformConfig}, beside these under {@code ir}.
 */
@ConfigMapping(prefix = "ir")
public interface IrConfig {

    /** The triage rules: change window, related alerts, severity rules and action thresholds. */
    Triage triage();

    interface Triage {
        /** How long before an alert a change still counts as a root-cause suspect. */
        @WithDefault("PT2H")
        Duration changeWindow();

        /**
         * How recently an alert of another incident must have been seen to count as firing evidence;
         * zero (the default) keeps triage to the incident's own alerts, which detection's grouping chose.
         */
        @WithDefault("PT0S")
        Duration relatedAlertWindow();

        /**
         * An incident is re-triaged at most this often: the alerts that arrive in between are stored at once
         * and all go into the next version (its first triage is never held back).
         */
        @WithDefault("1s")
        Duration minRetriageInterval();

        /**
         * Re-triage is paced by the incident's size: after a triage that read n alerts, the next waits n times this,
         * between the minimum and the maximum interval (a storm incident of 400 alerts: 4 s), so that reading an
         * incident whole again costs about the same per second whatever its size.
         */
        @WithDefault("10ms")
        Duration retriageIntervalPerAlert();

        /** The longest a requested re-triage of a big incident waits. */
        @WithDefault("10s")
        Duration maxRetriageInterval();

        /** Superseded triage versions are pruned this long after they were computed; the newest always stays. */
        @WithDefault("30d")
        Duration supersededVersionRetention();

        Severity severity();

        ActionThreshold actionThreshold();
    }

    /** Severity rules: a rule fires when the worst reported value is strictly above the threshold. */
    interface Severity {
        /** SEV1 when the error rate (a fraction) is above this. */
        @WithDefault("0.5")
        double sev1ErrorRate();

        /** SEV1 when the percentage of affected users is above this. */
        @WithDefault("50")
        double sev1UsersAffectedPct();

        /** SEV1 when the revenue impact per hour is above this. */
        @WithDefault("10000")
        double sev1RevenuePerHour();

        /** SEV2 when the error rate (a fraction) is above this. */
        @WithDefault("0.1")
        double sev2ErrorRate();

        /** SEV2 when the percentage of affected users is above this. */
        @WithDefault("10")
        double sev2UsersAffectedPct();

        /** SEV2 when p95 latency is above this multiple of its baseline. */
        @WithDefault("3")
        double sev2LatencyFactor();

        /** SEV2 when the revenue impact per hour is above this. */
        @WithDefault("1000")
        double sev2RevenuePerHour();

        /** SEV3 when the error rate (a fraction) is above this. */
        @WithDefault("0.01")
        double sev3ErrorRate();

        /** SEV3 when the percentage of affected users is above this. */
        @WithDefault("1")
        double sev3UsersAffectedPct();
    }

    /** The confidence each action needs to run unattended (playbook defaults). */
    interface ActionThreshold {
        /** Service restart. */
        @WithDefault("0.95")
        double restart();

        /** Scale up. */
        @WithDefault("0.90")
        double scaleUp();

        /** Open a circuit breaker. */
        @WithDefault("0.85")
        double circuitBreaker();

        /** Clear a cache. */
        @WithDefault("0.80")
        double cacheClear();

        /** Redirect traffic. */
        @WithDefault("0.95")
        double trafficRedirect();

        /** Roll back a deployment or config. */
        @WithDefault("0.90")
        double rollback();

        /** Database failover (never unattended: it modifies data). */
        @WithDefault("0.85")
        double databaseFailover();

        /** Disable a feature flag. */
        @WithDefault("0.90")
        double featureFlagDisable();

        /** Renew a certificate (never unattended: security). */
        @WithDefault("0.90")
        double certificateRenew();

        /** Rate-limit the sources flooding a service (offered for security incidents, which a person approves). */
        @WithDefault("0.95")
        double rateLimit();
    }
}
