package io.irsuite.triage.service;

import io.irsuite.events.Payloads;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.IncidentAlert;
import io.irsuite.triage.repository.IncidentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts of the incidents this replica triages, as a triage reads them, kept from one triage to the next and
 * brought up to date with only the rows changed since. A big incident in a storm has thousands of alerts and is
 * re-triaged every few seconds; reading and parsing every one of them each time was the largest part of a
 * re-triage, and the rows going through the heap each time filled it with short-lived copies.
 *
 * <p>Every insert and update of an alert row takes the next number of one database sequence ({@code change_seq},
 * V7), and a read asks only for the rows numbered above the highest it saw. That misses nothing because every
 * transaction that writes an incident's alerts holds the incident's row lock ({@code lockOrCreateAll} of the
 * event handler, {@link TriageService#incidentResolved}) and a triage reads under that lock too: when it reads,
 * every change numbered below what it sees has committed, and any later change takes a higher number. Rows are
 * never deleted (retention prunes triage versions, not alerts). Derived from the database only, so replicas need
 * not agree on it; at most {@link #CAPACITY} alerts are kept, the incidents triaged least recently going first.
 *
 * <p>The alerts of a storm repeat the same words: one incident id, a few services and names, the same label keys
 * and mostly the same values and summaries. Each row read brings its own copy of every one of them; kept as read,
 * one alert grew the live heap by about 830 bytes, and the 50,000 kept then were fewer than a storm of 50 incidents
 * kept open, so about half of the re-triages read their incident whole (bench/README, 2026-12-03). Texts are now kept
 * once ({@link Texts}): about 620 bytes an alert, twice the alerts in 1.5 times the heap.
 */
@ApplicationScoped
public class KnownAlerts {

    static final int CAPACITY = 100_000;

    /** One stored alert as the triage reads it; {@code inhibited}: another alert's failure explains it. */
    public record Known(UUID rowId, AlertFacts facts, boolean inhibited) {
    }

    private static final Comparator<Known> BY_START = Comparator
            .comparing((Known k) -> k.facts().startsAt(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Known::rowId);

    /** What was read of one incident: up to the change numbered {@code lastChange}. */
    private record Read(long lastChange, Map<UUID, Known> alerts, List<Known> ordered) {
    }

    private final IncidentRepository repository;
    private final StoredJson stored;
    private final int capacity;
    private final Texts texts = new Texts();
    /** Least recently read first. */
    private final LinkedHashMap<UUID, Read> incidents = new LinkedHashMap<>();
    private int kept;

    @Inject
    public KnownAlerts(IncidentRepository repository, StoredJson stored) {
        this(repository, stored, CAPACITY);
    }

    KnownAlerts(IncidentRepository repository, StoredJson stored, int capacity) {
        this.repository = repository;
        this.stored = stored;
        this.capacity = capacity;
    }

    /**
     * The incident's alerts in the order they started. In the caller's transaction, with the incident's row
     * locked (see above).
     */
    public Uni<List<Known>> of(UUID incidentId) {
        Read before;
        synchronized (incidents) {
            before = incidents.get(incidentId);
        }
        long since = before == null ? -1 : before.lastChange();
        return repository.alertsChangedSince(incidentId, since).map(rows -> {
            if (before != null && rows.isEmpty()) {
                remember(incidentId, before);
                return before.ordered();
            }
            Map<UUID, Known> alerts = before == null ? new HashMap<>() : new HashMap<>(before.alerts());
            long last = since;
            for (IncidentAlert row : rows) {
                alerts.put(row.id, read(row));
                last = Math.max(last, row.changeSeq);
            }
            List<Known> ordered = new ArrayList<>(alerts.values());
            ordered.sort(BY_START);
            Read after = new Read(last, alerts, List.copyOf(ordered));
            remember(incidentId, after);
            return after.ordered();
        });
    }

    /** The incident needs no more triages (resolved): its alerts need not be kept. */
    public void forget(UUID incidentId) {
        synchronized (incidents) {
            Read gone = incidents.remove(incidentId);
            if (gone != null) {
                kept -= gone.alerts().size();
            }
        }
    }

    /** How many alerts are kept, over all incidents. */
    int kept() {
        synchronized (incidents) {
            return kept;
        }
    }

    private Known read(IncidentAlert row) {
        Payloads.Alert alert = stored.read(row.body, Payloads.Alert.class);
        return new Known(row.id, texts.shared(TriageService.facts(row, alert)), alert.inhibitedBy() != null);
    }

    /**
     * One copy of each text the kept alerts share. Bounded: past {@link #MAX} texts it starts again (the alerts
     * kept keep theirs; only the sharing with later reads is lost), so texts that never repeat cannot fill it.
     */
    static final class Texts {

        static final int MAX = 100_000;
        private final Map<String, String> known = new ConcurrentHashMap<>();

        AlertFacts shared(AlertFacts f) {
            Map<String, String> labels = new TreeMap<>();
            f.labels().forEach((k, v) -> labels.put(shared(k), shared(v)));
            return new AlertFacts(shared(f.incidentId()), shared(f.service()), shared(f.name()), shared(f.summary()),
                    shared(f.description()), f.startsAt(), f.firing(), f.metrics(), labels, f.severity());
        }

        String shared(String text) {
            if (text == null) {
                return null;
            }
            if (known.size() >= MAX) {
                known.clear();
            }
            String first = known.putIfAbsent(text, text);
            return first == null ? text : first;
        }

        int size() {
            return known.size();
        }
    }

    private void remember(UUID incidentId, Read read) {
        synchronized (incidents) {
            Read old = incidents.remove(incidentId);
            if (old != null) {
                kept -= old.alerts().size();
            }
            if (read.alerts().size() > capacity) {
                return;   // bigger than all that may be kept: read whole every time
            }
            incidents.put(incidentId, read);
            kept += read.alerts().size();
            Iterator<Read> eldest = incidents.values().iterator();
            while (kept > capacity) {
                kept -= eldest.next().alerts().size();
                eldest.remove();
            }
        }
    }
}
