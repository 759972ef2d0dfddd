package io.irsuite.triage.domain;

import java.util.Set;

/**
 * An incident whose cause was confirmed (by feedback, a resolution note or a verified remediation),
 * as the knowledge base keeps it.
 *
 * @param signature  what its alerts said, see {@link IncidentSignature}
 * @param resolution how it was resolved, in a sentence
 */
public record PastIncident(String incidentId, Set<String> signature, String rootService, Category category,
                           String resolution) {

    public PastIncident {
        signature = Set.copyOf(signature);
    }
}
