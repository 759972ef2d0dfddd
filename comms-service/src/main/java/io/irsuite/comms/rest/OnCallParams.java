package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.OnCallInputs;
import io.irsuite.platform.problem.InvalidInputException;

import java.time.Instant;

/** The {@code at} query parameter of the on-call and simulate endpoints: an ISO-8601 instant, now when absent. */
final class OnCallParams {

    private OnCallParams() {
    }

    static Instant at(String value) {
        if (value == null || value.isBlank()) {
            return Instant.now();
        }
        return OnCallInputs.instant(value)
                .orElseThrow(() -> InvalidInputException.of("at", OnCallInputs.INSTANT_HINT));
    }
}
