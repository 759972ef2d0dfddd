package io.irsuite.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ir.*} settings every service shares: tokens, the outbox relay and retention. Each
 * service keeps its own settings in its own mapping (under {@code ir.<service>} or beside these).
 */
@ConfigMapping(prefix = "ir")
public interface PlatformConfig {

    /** Bearer token with every role (env {@code IR_ADMIN_TOKEN}); unset means no admin token. */
    Optional<String> adminToken();

    /**
     * Comma-separated {@code token=role+role[:name[:team+team]]} list (env {@code IR_API_TOKENS}); a
     * malformed entry stops the start.
     */
    Optional<String> apiTokens();

    /**
     * Bearer JWTs of the organisation's OpenID Connect provider, accepted beside the tokens above when
     * {@code quarkus.oidc.tenant-enabled} is true (docs/development.md, "Auth").
     */
    Oidc oidc();

    /** The transactional outbox relay. */
    Outbox outbox();

    /** How long finished records are kept before they are pruned. */
    Retention retention();

    /** Behaviour while the database is unavailable. */
    Outage outage();

    interface Oidc {

        /**
         * The claim of a provider's token that lists the caller's teams, as a token's teams (env
         * {@code IR_OIDC_TEAMS_CLAIM}); unset means a provider's caller is in no team.
         */
        Optional<String> teamsClaim();

        /**
         * The provider's role-claim values (e.g. its groups) that stand for a role of ours, as
         * {@code value=role} pairs (env {@code IR_OIDC_ROLE_MAP}, e.g. {@code sre-oncall=responder,sre-leads=admin});
         * a value that is itself a role name counts as that role without a pair. A pair naming no role of ours
         * stops the start.
         */
        Optional<List<String>> roleMap();
    }

    interface Outage {

        /** The {@code Retry-After} of the 503 a request gets while the database is unavailable. */
        @WithDefault("5s")
        Duration retryAfter();

        /**
         * A consumed message whose processing failed only because the database is unavailable is retried
         * in place this long (not redelivered, so not dead-lettered) before it counts as a failed delivery.
         */
        @WithDefault("10m")
        Duration messageRetryFor();
    }

    interface Outbox {

        /** How often the relay sweeps for unpublished events (read by the @Scheduled expression). */
        @WithDefault("2s")
        Duration sweepInterval();

        /** At most this many events are claimed and sent per relay run. */
        @WithDefault("200")
        int batchSize();

        /** A claim that was not marked published within this time is taken over by the next run. */
        @WithDefault("30s")
        Duration claimTimeout();

        /** A send the broker has not settled within this time fails, and its row is retried. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface Retention {

        /** How often the retention job runs (read by the @Scheduled expression). */
        @WithDefault("10m")
        Duration interval();

        /** Rows deleted per statement, so that pruning never holds long locks. */
        @WithDefault("5000")
        int batchSize();

        /** Published outbox events are kept this long (for replays and audits). */
        @WithDefault("7d")
        Duration outboxEvents();

        /**
         * Consumers' idempotency records are kept this long: far longer than any broker redelivery
         * (5 deliveries) or outbox re-send (a claim timeout) can arrive after the first delivery.
         */
        @WithDefault("7d")
        Duration processedEvents();
    }
}
