package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.repository.FiringAlertCache;
import io.irsuite.detection.repository.IngestBatches;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for ingest: the alerts of all requests that arrive while batches are being written
 * form the next batch: one lookup of their fingerprints and one multi-row insert of the new ones. This
 * fast path takes the two cases of an alert storm: a firing alert never seen (stored with no
 * incident yet; the grouping worker groups it right after, unless a silence mutes it) and a repeat of an alert that is still
 * firing (answered from the lookup; its count and last-seen time are added by {@link RepeatCounts}
 * within a second). Everything else — resolutions, re-fires, and anything that lost a race with
 * another writer — is returned unhandled for the per-alert path, in order.
 */
@ApplicationScoped
public class IngestBatcher {

    /** What the fast path did with one alert; {@code outcome} null means "not handled here". */
    public record Result(IngestResult.Outcome outcome) {
        public boolean handled() {
            return outcome != null;
        }
    }

    private record Request(List<NormalizedAlert> alerts, UniEmitter<? super List<Result>> emitter, Context context) {
    }

    /** At most this many alerts per batch, so one transaction stays short. */
    static final int MAX_BATCH = 2000;
    private static final int ATTEMPTS = 3;
    /** unique_violation, deadlock_detected, serialization_failure: another writer won, try again. */
    private static final Set<String> RETRY = Set.of("23505", "40P01", "40001");

    private final IngestBatches batches;
    private final RepeatCounts repeats;
    private final ObjectMapper mapper;
    private final Silences silences;
    private final FiringAlertCache firing;
    /**
     * Batches in flight at once: while one waits for its insert's WAL flush the next is looked up and
     * written (PostgreSQL flushes concurrent commits together). Only one batch is in its lookup at a time,
     * though: a batch of repeats is done when its lookup is, so a second lookup beside it only splits the
     * repeats into smaller batches (2.6 alerts a lookup with two) and PostgreSQL spent about 1.6 times the
     * CPU per repeat (bench/README, "No context propagation, and one lookup at a time").
     */
    static final int WRITERS = 2;

    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    /** Guards {@link #inFlight} and {@link #lookingUp}, and taking a batch off the queue. */
    private final Object gate = new Object();
    private int inFlight;
    private boolean lookingUp;

    public IngestBatcher(IngestBatches batches, RepeatCounts repeats, ObjectMapper mapper, Silences silences,
                         FiringAlertCache firing) {
        this.firing = firing;
        this.silences = silences;
        this.batches = batches;
        this.repeats = repeats;
        this.mapper = mapper;
    }

    /** Queues the alerts for the next batch; completes, on the caller's context, once that batch committed. */
    public Uni<List<Result>> submit(List<NormalizedAlert> alerts) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Request(alerts, emitter, Vertx.currentContext()));
            drain();
        });
    }

    /** The per-alert path committed changes to these alerts: none of them is answered from memory until looked up again. */
    public void changed(List<NormalizedAlert> alerts) {
        firing.forget(alerts.stream().map(NormalizedAlert::fingerprint).toList());
    }

    private void drain() {
        List<Request> batch = new ArrayList<>();
        synchronized (gate) {
            if (lookingUp || inFlight >= WRITERS) {
                return;   // the batch in its lookup, or the one finishing, drains again
            }
            int size = 0;
            for (Request r; size < MAX_BATCH && (r = queue.poll()) != null; ) {
                batch.add(r);
                size += r.alerts().size();
            }
            if (batch.isEmpty()) {
                return;
            }
            inFlight++;
            lookingUp = true;
        }
        AtomicBoolean lookupDone = new AtomicBoolean();
        Runnable lookedUp = () -> {
            if (lookupDone.compareAndSet(false, true)) {
                synchronized (gate) {
                    lookingUp = false;
                }
                drain();
            }
        };
        write(batch, 1, lookedUp).subscribe().with(results -> {
            finish(lookedUp);
            int i = 0;
            for (Request r : batch) {
                List<Result> mine = results.subList(i, i + r.alerts().size());
                i += r.alerts().size();
                complete(r, mine, null);
            }
        }, failure -> {
            finish(lookedUp);
            Log.warnf("ingest batch of %d request(s) failed: %s", batch.size(), failure.getMessage());
            batch.forEach(r -> complete(r, null, failure));
        });
    }

    private void finish(Runnable lookedUp) {
        synchronized (gate) {
            inFlight--;
        }
        lookedUp.run();   // a batch that failed in its lookup
        drain();
    }

    private static void complete(Request r, List<Result> results, Throwable failure) {
        // the caller continues on its own context (its Hibernate session, its request)
        SafeContext.resume(r.context(), () -> {
            if (failure != null) {
                r.emitter().fail(failure);
            } else {
                r.emitter().complete(List.copyOf(results));
            }
        });
    }

    /** Calls {@code lookedUp} once the first lookup answered (a retry looks up again beside the next batch). */
    private Uni<List<Result>> write(List<Request> batch, int attempt, Runnable lookedUp) {
        List<NormalizedAlert> alerts = new ArrayList<>();
        batch.forEach(r -> alerts.addAll(r.alerts()));
        Instant now = Clock.now();
        // no transaction: the lookup only reads, and the insert is one statement whose unique index and
        // ON CONFLICT decide every race; a batch of repeats alone writes nothing and waits for no flush
        Set<String> fingerprints = new HashSet<>();
        alerts.forEach(a -> fingerprints.add(a.fingerprint()));
        // repeats of alerts firing in an open incident are answered from memory; only the others are looked up
        Map<String, IngestBatches.Active> known = new HashMap<>();
        for (NormalizedAlert a : alerts) {
            IngestBatches.Active row = a.status() == AlertStatus.FIRING ? firing.firing(a.fingerprint()) : null;
            if (row != null) {
                known.put(a.fingerprint(), row);
            }
        }
        Set<String> unknown = new HashSet<>(fingerprints);
        unknown.removeAll(known.keySet());
        long epoch = firing.epoch();
        Uni<Map<String, IngestBatches.Active>> lookup = unknown.isEmpty() ? Uni.createFrom().item(Map.of())
                : batches.active(unknown).invoke(rows -> firing.keep(rows, epoch));
        return lookup.invoke(lookedUp).map(rows -> {
                    Map<String, IngestBatches.Active> active = new HashMap<>(rows);
                    active.putAll(known);
                    return active;
                }).chain(active -> apply(alerts, active, now))
                .onFailure(f -> f instanceof PgException pg && RETRY.contains(pg.getSqlState()) && attempt < ATTEMPTS)
                .recoverWithUni(f -> write(batch, attempt + 1, lookedUp));
    }

    private Uni<List<Result>> apply(List<NormalizedAlert> alerts, Map<String, IngestBatches.Active> active,
                                    Instant now) {
        Result[] results = new Result[alerts.size()];
        Map<String, IngestBatches.NewAlert> inserts = new LinkedHashMap<>();
        Map<UUID, Integer> repeats = new HashMap<>();
        Map<String, List<Integer>> positions = new HashMap<>();
        Set<String> slow = new HashSet<>();
        for (int i = 0; i < alerts.size(); i++) {
            NormalizedAlert a = alerts.get(i);
            String fp = a.fingerprint();
            positions.computeIfAbsent(fp, k -> new ArrayList<>()).add(i);
            if (slow.contains(fp) || a.status() != AlertStatus.FIRING) {
                slow.add(fp);
                continue;
            }
            IngestBatches.Active row = active.get(fp);
            IngestBatches.NewAlert fresh = inserts.get(fp);
            if (fresh != null) {
                inserts.put(fp, new IngestBatches.NewAlert(fresh.id(), fresh.alert(), fresh.labelsJson(), fresh.count() + 1,
                        fresh.silencedBy()));
                results[i] = new Result(new IngestResult.Outcome(fp,
                        fresh.silencedBy() != null ? IngestResult.SILENCED : IngestResult.DUPLICATE, null));
            } else if (row == null) {
                UUID silence = silences.silencing(a, now);
                inserts.put(fp, new IngestBatches.NewAlert(UUID.randomUUID(), a, labels(a), 1, silence));
                results[i] = new Result(new IngestResult.Outcome(fp,
                        silence != null ? IngestResult.SILENCED : IngestResult.NEW, null));
            } else if (row.firing()) {
                repeats.merge(row.id(), 1, Integer::sum);
                results[i] = new Result(new IngestResult.Outcome(fp,
                        row.silenced() ? IngestResult.SILENCED : IngestResult.DUPLICATE, row.incidentId()));
            } else {
                slow.add(fp);
            }
        }
        // a fingerprint that needs the per-alert path goes there whole, so that its alerts keep their order; it is
        // forgotten first (the per-alert path may change it) and again once that path committed (AlertIngestService)
        firing.forget(slow);
        for (String fp : slow) {
            inserts.remove(fp);
            IngestBatches.Active row = active.get(fp);
            if (row != null) {
                repeats.remove(row.id());   // the per-alert path counts its repeats itself
            }
            positions.get(fp).forEach(i -> results[i] = new Result(null));
        }
        return batches.insert(new ArrayList<>(inserts.values()), now).map(lost -> {
            // lost races go to the per-alert path, which sees the winner's row
            for (String fp : lost) {
                positions.get(fp).forEach(i -> results[i] = new Result(null));
            }
            repeats.forEach((id, n) -> this.repeats.add(id, n, now));
            List<Result> out = new ArrayList<>(results.length);
            for (Result r : results) {
                out.add(r == null ? new Result(null) : r);
            }
            return out;
        });
    }

    private String labels(NormalizedAlert a) {
        try {
            return mapper.writeValueAsString(a.labels());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
