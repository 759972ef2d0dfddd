package io.irsuite.comms.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of comms-service, under the prefix {@code ir}. The settings every service shares
 * (tokens, outbox relay, retention) are ir-platform's {@code PlatformConfig}.
 */
@ConfigMapping(prefix = "ir")
public interface IrConfig {

    /** Notification and status-page settings. */
    Comms comms();

    /** Paging and escalation (issue 10, part 2). */
    Paging paging();

    /** The responder console under {@code /console} (issue 13). */
    Console console();

    interface Console {
        /** Base URL of detection-service's API, which the console's acknowledge and resolve call with the signed-in caller's token. */
        @WithDefault("http://127.0.0.1:8081")
        String detectionUrl();

        /**
         * Base URL of remediation-service's API: the incident page lists its executions there, and approve and reject
         * call it, with the person's token.
         */
        @WithDefault("http://127.0.0.1:8083")
        String remediationUrl();

        /** Base URL of triage-service's API, which the console's root-cause feedback calls with the person's token. */
        @WithDefault("http://127.0.0.1:8082")
        String triageUrl();

        /** How long a console session lasts after sign-in; then the person signs in again. */
        @WithDefault("8h")
        Duration sessionTtl();

        /** How often the incident list and page refresh themselves in the browser. */
        @WithDefault("3s")
        Duration pollInterval();

        /** Longest wait for another service to answer one console action or read (the executions, the runbooks). */
        @WithDefault("10s")
        Duration actionTimeout();

        /**
         * The organisation's OpenID Connect provider as the sign-in page names it ("Sign in with ..."), shown when
         * {@code quarkus.oidc.console.tenant-enabled} is true (README, "Console").
         */
        @WithDefault("single sign-on")
        String oidcName();
    }

    interface Paging {
        /** How often each replica sweeps for escalation levels that are due. */
        @WithDefault("1s")
        Duration sweepInterval();

        /** Escalations fired per sweep. */
        @WithDefault("20")
        int batchSize();

        /** How long a page's one-time acknowledge link stays valid. */
        @WithDefault("24h")
        Duration ackLinkTtl();

        /** Base URL of comms as people reach it, for the acknowledge link in every page. */
        @WithDefault("http://localhost:8084")
        String publicUrl();
    }

    interface Comms {
        /** How often the sender sweeps for due notifications. */
        @WithDefault("1s")
        Duration deliveryInterval();

        /** Attempts per notification before it is FAILED. */
        @WithDefault("5")
        int maxDeliveryAttempts();

        /** Delay before the first retry; it doubles with each further attempt. */
        @WithDefault("1s")
        Duration retryBaseDelay();

        /** Timeout of one webhook or Slack POST. */
        @WithDefault("5s")
        Duration webhookTimeout();

        /** Notifications claimed per sweep. */
        @WithDefault("50")
        int deliveryBatchSize();

        /** How long a resolved incident stays on the status page. */
        @WithDefault("24h")
        Duration statusPageResolvedWindow();

        /** Days (cells) of the status page's uptime bar per component. */
        @WithDefault("90")
        int statusPageUptimeDays();

        /** How long ended impact intervals, overrides and maintenance windows are kept (at least the uptime bar's days). */
        @WithDefault("400d")
        Duration statusPageHistoryRetention();

        /** Default window of the incident metrics when {@code from} is absent. */
        @WithDefault("30d")
        Duration metricsDefaultWindow();

        /** Longest wait for the SMTP server to accept one e-mail (server and From: {@code quarkus.mailer.*}). */
        @WithDefault("20s")
        Duration emailTimeout();

        /** How often stakeholders hear about an active incident, per severity (the playbook's by default). */
        Cadence updateCadence();

        /** Changes within this window after the first one go out as one update that states the net change. */
        @WithDefault("30s")
        Duration updateCoalesceWindow();

        /** Timed (coalesced or cadence) updates fired per sweep. */
        @WithDefault("50")
        int updateBatchSize();
    }

    /** {@code ir.comms.update-cadence.*}: SEV1 every 15 min, SEV2 30, SEV3 60; SEV4 at start and end unless set. */
    interface Cadence {
        @WithDefault("15m")
        Duration sev1();

        @WithDefault("30m")
        Duration sev2();

        @WithDefault("60m")
        Duration sev3();

        Optional<Duration> sev4();
    }
}
