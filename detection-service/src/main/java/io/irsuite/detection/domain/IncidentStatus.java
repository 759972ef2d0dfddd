package io.irsuite.detection.domain;

import java.util.Optional;

/** The incident lifecycle owned by detection. */
public enum IncidentStatus {
    OPEN, TRIAGED, MITIGATING, MONITORING, RESOLVED,
    /** A resolved incident whose alert fired again within the reopen window; triage takes it up again. */
    REOPENED;

    public static Optional<IncidentStatus> fromName(String name) {
        for (IncidentStatus s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
