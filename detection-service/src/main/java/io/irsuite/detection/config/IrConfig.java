package io.irsuite.detection.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** detection-service's own {@code ir.*} settings (tokens, outbox and retention are the platform's). */
@ConfigMapping(prefix = "ir")
public interface IrConfig {

    /** Alert hygiene and incident lifecycle. */
    Detection detection();

    interface Detection {

        /** A firing alert whose fingerprint was seen within this window is a duplicate. */
        @WithDefault("30m")
        Duration dedupCooldown();

        /** A new alert joins (or merges) open incidents that started at most this long before it. */
        @WithDefault("10m")
        Duration groupingWindow();

        /** Topology-aware grouping over the catalog replica's dependency graph. */
        Grouping grouping();

        /** Inhibition beyond the configured rules. */
        Inhibition inhibition();

        /**
         * How long every alert of an incident must stay resolved (and, in MONITORING, how long after the
         * mitigation) before it resolves by itself; it never does while an alert fires.
         */
        @WithDefault("5m")
        Duration stabilisationWindow();

        /**
         * A firing alert of an incident resolved at most this long ago reopens it (REOPENED); later, it
         * opens a new incident.
         */
        @WithDefault("30m")
        Duration reopenWindow();

        /**
         * How often each replica re-reads the silences (a silence made on another replica applies within
         * this) and evaluates again the muted alerts whose silence ended (read by the @Scheduled expression).
         */
        @WithDefault("1s")
        Duration silenceRefreshInterval();

        /** Expired silences are pruned this long after they ended. */
        @WithDefault("30d")
        Duration expiredSilenceRetention();

        /** How often the stabilisation check runs (read by the @Scheduled expression). */
        @WithDefault("1s")
        Duration lifecycleCheckInterval();

        /**
         * Resolved alerts are pruned this long after they were last seen, once their incident is
         * resolved too (or they never joined one); open incidents keep all their alerts.
         */
        @WithDefault("30d")
        Duration resolvedAlertRetention();

        /**
         * At most this many alerts firing in open incidents kept in memory per replica, whose repeats are answered
         * without a database lookup (changes are announced by PostgreSQL to every replica); 0 looks every repeat up.
         */
        @WithDefault("50000")
        int repeatCacheSize();

        /** Heartbeats (dead man's switches), synthetic checks and the Alertmanager Watchdog. */
        Heartbeats heartbeats();

        /** Anomaly detection on pushed golden signals ({@code POST /api/v1/signals}). */
        Signals signals();
    }

    interface Heartbeats {

        /** How often every replica looks for due heartbeats and checks (each due one acts once, on one replica). */
        @WithDefault("1s")
        Duration tick();

        /** At most this many due heartbeats, due checks and pending raised alerts are taken per tick and kind. */
        @WithDefault("100")
        int batchSize();

        /** The heartbeat an Alertmanager {@code Watchdog} alert pings when it has no {@code heartbeat} label. */
        @WithDefault("alertmanager-watchdog")
        String watchdogHeartbeat();

        /** How many recent results are kept per synthetic check. */
        @WithDefault("50")
        int checkResultsKept();

        /** A replica that took a raised alert to deliver and died is replaced by another after this long. */
        @WithDefault("30s")
        Duration deliveryClaim();
    }

    interface Inhibition {

        /**
         * The topology default: a firing cause-like alert (DatabaseDown, NodeNotReady ...) on a service
         * inhibits the symptom-like alerts (HighLatency, HighErrorRate ...) of the services depending on
         * it within {@code grouping.max-hops}.
         */
        @WithDefault("true")
        boolean topologyDefault();
    }

    /** The online baseline of each service's golden signals; defaults explained in the README (Anomaly detection). */
    interface Signals {

        /** Samples learned before the first decision. */
        @WithDefault("30")
        int warmUpSamples();

        /** EWMA weight of a new sample (0.02: half-life 34 samples). */
        @WithDefault("0.02")
        double alpha();

        /** A sample this many standard deviations from the baseline counts towards a raise. */
        @WithDefault("3")
        double raiseSigma();

        /** A sample within this many standard deviations counts towards a resolve (below raise-sigma). */
        @WithDefault("2")
        double resolveSigma();

        /** Consecutive samples beyond raise-sigma that raise the alert. */
        @WithDefault("3")
        int confirmSamples();

        /** Consecutive samples within resolve-sigma that resolve it. */
        @WithDefault("5")
        int resolveSamples();

        /** Floor of the standard deviation as a fraction of the baseline (0.05 = 5%). */
        @WithDefault("0.05")
        double minRelativeStddev();

        /** Floors of the standard deviation in each signal's unit. */
        MinStddev minStddev();

        /** An anomaly that has lasted this long (by the samples' times) is accepted as the new baseline. */
        @WithDefault("6h")
        Duration rebaselineAfter();

        /** Samples one request may carry. */
        @WithDefault("1000")
        int maxSamplesPerRequest();

        /** Baselines of a service that pushed nothing for this long are deleted (anomalous ones are kept). */
        @WithDefault("30d")
        Duration baselineRetention();
    }

    /** The smallest standard deviation of each signal, so that a flat series does not make tiny changes infinite sigmas. */
    interface MinStddev {

        /** Milliseconds. */
        @WithDefault("5")
        double latencyP95Ms();

        /** Requests per second. */
        @WithDefault("0.5")
        double requestRate();

        /** A fraction (0.005 = half a percent). */
        @WithDefault("0.005")
        double errorRate();

        /** A fraction. */
        @WithDefault("0.02")
        double saturation();
    }

    interface Grouping {

        /**
         * How many "depends on" hops apart two services may be (one upstream of the other) for their
         * alerts to be one failure; 0 groups by same service only.
         */
        @WithDefault("2")
        int maxHops();

        /**
         * A burst, for the grouping worker: at least this many alerts grouped a second. Then a grouping run asked
         * for again while one was going waits {@link #burstLinger()} first and takes all that arrived meanwhile at
         * once (fewer, larger runs and one {@code AlertAttached} per incident for all of them), unless a new alert
         * may open an incident (its service had no new alert for a minute): that run does not wait.
         */
        @WithDefault("20")
        int burstRate();

        /** How long a grouping run waits in a storm (see {@link #burstRate()}); 0 never waits. */
        @WithDefault("200ms")
        Duration burstLinger();

        /** At most this many stored alerts per grouping run (one transaction); a full run runs again at once. */
        @WithDefault("200")
        int batchSize();
    }

}
