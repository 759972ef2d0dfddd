package io.irsuite.detection.service;

import java.util.List;
import java.util.UUID;

/** What became of each alert of one request or message, in order. */
public record IngestResult(List<Outcome> alerts) {

    public static final String NEW = "new";
    public static final String DUPLICATE = "duplicate";
    public static final String RESOLVED = "resolved";
    public static final String SILENCED = "silenced";
    public static final String INHIBITED = "inhibited";

    /** @param incidentId null when the alert belongs to no incident (a resolve for an unknown fingerprint) */
    public record Outcome(String fingerprint, String outcome, UUID incidentId) {
    }
}
