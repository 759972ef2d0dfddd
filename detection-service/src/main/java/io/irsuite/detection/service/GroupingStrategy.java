package io.irsuite.detection.service;

import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.NormalizedAlert;
import io.smallrye.mutiny.Uni;

import java.util.Set;

/** Decides which open incident a new firing alert joins; swap the bean to group differently. */
public interface GroupingStrategy {

    /** The grouping keys to lock before {@link #findIncident} (so concurrent alerts open one incident). */
    Set<String> lockKeys(NormalizedAlert alert);

    /** The open incident the alert joins, row-locked, or null to open a new one. Runs in a transaction. */
    Uni<Incident> findIncident(NormalizedAlert alert);
}
