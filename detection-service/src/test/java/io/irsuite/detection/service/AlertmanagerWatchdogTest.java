package io.irsuite.detection.service;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlertmanagerWatchdogTest {

    @Test
    void errorsOfTheAlertsLeftNameThePositionsTheSenderUsed() {
        // alerts 0 and 2 were Watchdogs that pinged; the ordinary path saw 1, 3, 4 as 0, 1, 2
        InvalidInputException e = new InvalidInputException(List.of(
                new FieldError("alerts[0].labels.service", "is required"),
                new FieldError("alerts[2].labels.severity", "unknown"),
                new FieldError("version", "only version 4")));
        InvalidInputException renumbered = AlertmanagerWatchdog.renumber(e, List.of(1, 3, 4));
        assertEquals(List.of("alerts[1].labels.service", "alerts[4].labels.severity", "version"),
                renumbered.errors().stream().map(FieldError::field).toList());
        assertEquals("alerts[1].labels.service is required; alerts[4].labels.severity unknown; version only version 4",
                renumbered.getMessage());
    }
}
