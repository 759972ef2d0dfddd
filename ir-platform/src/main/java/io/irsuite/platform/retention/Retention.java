package io.irsuite.platform.retention;

import io.irsuite.platform.config.PlatformConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prunes what is finished after its retention period: published outbox events, consumers'
 * idempotency records, and every {@link RetentionRule} the service declares. Deletes run in batches
 * ({@code ir.retention.batch-size} rows a statement, each its own short transaction) and take rows
 * with {@code SKIP LOCKED}, so replicas running at once share the work instead of waiting on each other.
 */
@ApplicationScoped
public class Retention {

    private final Pool pool;
    private final MeterRegistry registry;
    private final List<RetentionRule> rules;
    private final int batchSize;

    public Retention(Pool pool, MeterRegistry registry, PlatformConfig config, Instance<RetentionRule> serviceRules) {
        this.pool = pool;
        this.registry = registry;
        this.batchSize = config.retention().batchSize();
        List<RetentionRule> all = new ArrayList<>();
        all.add(new RetentionRule("outbox-events", "outbox_event", "published_at < $1",
                config.retention().outboxEvents()));
        all.add(new RetentionRule("processed-events", "processed_event", "processed_at < $1",
                config.retention().processedEvents()));
        serviceRules.forEach(all::add);
        this.rules = List.copyOf(all);
    }

    public List<RetentionRule> rules() {
        return rules;
    }

    @Scheduled(every = "${ir.retention.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return pruneAll(Instant.now())
                .invoke(pruned -> Log.debugf("retention pruned %s", pruned))
                .onFailure().invoke(f -> Log.warnf("retention run failed (the next run retries): %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Applies every rule as of {@code now}; the rows deleted per rule. Public so that tests can move the clock. */
    public Uni<Map<String, Long>> pruneAll(Instant now) {
        Map<String, Long> pruned = new LinkedHashMap<>();
        return Multi.createFrom().iterable(rules)
                .onItem().transformToUniAndConcatenate(rule -> prune(rule, now, 0L)
                        .invoke(n -> {
                            pruned.put(rule.name(), n);
                            if (n > 0) {
                                registry.counter("ir.retention.pruned.rows", "rule", rule.name()).increment(n);
                            }
                        }))
                .collect().last()
                .replaceWith(pruned);
    }

    private Uni<Long> prune(RetentionRule rule, Instant now, long sofar) {
        String sql = "DELETE FROM " + rule.table() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + rule.table()
                + " WHERE " + rule.condition() + " LIMIT $2 FOR UPDATE SKIP LOCKED))";
        Tuple args = Tuple.of(now.minus(rule.keep()).atOffset(ZoneOffset.UTC), batchSize);
        return pool.withTransaction(conn -> conn.preparedQuery(sql).execute(args))
                .chain(rows -> rows.rowCount() < batchSize
                        ? Uni.createFrom().item(sofar + rows.rowCount())
                        : prune(rule, now, sofar + rows.rowCount()));
    }
}
