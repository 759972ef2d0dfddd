package io.irsuite.triage.domain;

import java.util.List;

/**
 * The most likely root cause.
 *
 * @param service     the service at fault, null when there was nothing to analyse
 * @param changeType  the type of the change that explains it, null when no change does
 * @param evidence    one sentence per signal used, strongest first
 * @param loadOnly    its alerts describe only load or connection counts, no fault of its own (no change, no
 *                    cause-like wording): actions like a datastore failover do not come first
 */
public record RootCauseFinding(String service, Category category, double confidence, List<String> evidence,
                               ChangeType changeType, boolean loadOnly) {

    public RootCauseFinding {
        evidence = List.copyOf(evidence);
    }

    public RootCauseFinding(String service, Category category, double confidence, List<String> evidence,
                            ChangeType changeType) {
        this(service, category, confidence, evidence, changeType, false);
    }
}
