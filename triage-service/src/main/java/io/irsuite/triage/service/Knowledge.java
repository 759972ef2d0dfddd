package io.irsuite.triage.service;

import io.irsuite.triage.domain.ActionOutcomes;
import io.irsuite.triage.domain.PastIncident;
import io.irsuite.triage.domain.Weights;

import java.util.List;

/** Everything learnt so far, as of one model version: weights, action outcomes, past incidents. */
public record Knowledge(Weights weights, ActionOutcomes outcomes, List<PastIncident> history) {

    public Knowledge {
        history = List.copyOf(history);
    }

    public static Knowledge coldStart() {
        return new Knowledge(Weights.defaults(), ActionOutcomes.none(), List.of());
    }

    public int version() {
        return weights.version();
    }
}
