package io.irsuite.detection.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer to {@code POST /api/v1/signals}: per sample, what each of its signals did, and the alerts it
 * raised, re-asserted or resolved (with their ingest outcome).
 *
 * @param applied signal values learned or judged
 * @param ignored signal values older than the last applied sample of their service and signal
 */
public record SignalIngestResult(int applied, int ignored, List<Sample> samples) {

    /** @param at the time the sample was applied at (now when absent, clamped to now when in the future) */
    public record Sample(String service, Instant at, Map<String, Judged> signals, List<AlertChange> alerts) {
    }

    /**
     * One signal of one sample.
     *
     * @param state     warming-up, normal, anomalous (after this sample), or ignored
     * @param baseline  the mean the value was judged against; null before the first sample
     * @param stddev    the standard deviation used (floored); null during the warm-up
     * @param deviation (value - baseline) / stddev; null during the warm-up and when ignored
     * @param decision  raise or resolve when this sample changed the anomaly state, else null
     */
    public record Judged(double value, String state, Double baseline, Double stddev, Double deviation,
                         String decision) {
    }

    /**
     * An alert this sample asserted: {@code status} firing (a raise, or a re-assertion while anomalous) or
     * resolved; {@code outcome} and {@code incidentId} as {@code POST /api/v1/alerts} answers them.
     */
    public record AlertChange(String signal, String name, String fingerprint, String status, String outcome,
                              UUID incidentId, String description) {
    }
}
