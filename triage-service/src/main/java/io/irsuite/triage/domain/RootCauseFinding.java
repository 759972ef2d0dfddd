package io.irsuite.triage.domain;

import java.util.List;

/**
 * The most likely root cause.
 *
 * @param service     the service at fault, null when there was nothing to analyse
 * @param changeType  the type of the change that explains it, null when no change does
 * @param evidence    one sentence per signal used, strongest first
 */
public record RootCauseFinding(String service, Category category, double confidence, List<String> evidence,
                               ChangeType changeType) {

    public RootCauseFinding {
        evidence = List.copyOf(evidence);
    }
}
