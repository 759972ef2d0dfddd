package io.irsuite.detection.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An alert detection raises itself (a missed heartbeat, a failing synthetic check): what it wants the
 * alert of {@code fingerprint} to be. It goes in through the same rules and ingest path as any source's.
 */
public record RaisedAlert(String fingerprint, String source, String service, String name, AlertStatus status,
                          Severity severity, String summary, String description, Map<String, String> labels,
                          Instant startsAt, Instant endsAt) {

    /** The alert as every other source's ends up before ingest. */
    public NormalizedAlert normalized(Instant now) {
        return AlertRules.normalize(new AlertInput(source, service, name, status.wire(), severity.name(), summary,
                description, labels, startsAt, endsAt, fingerprint, null, null, null), null, now);
    }
}
