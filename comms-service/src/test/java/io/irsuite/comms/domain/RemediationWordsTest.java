package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RemediationWordsTest {

    /** kind | how a FAILED one ended | how a ROLLED_BACK one ended */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "step_failed   | failed: a step failed | rolled back: a step failed",
            "not_recovered | failed: the service did not recover in time | rolled back: the service did not recover in time",
            "unreachable   | failed: the target could not be reached (not counted against the action) | rolled back: the target could not be reached (not counted against the action)",
            "interrupted   | failed: interrupted by a restart of the suite (not counted against the action) | rolled back: interrupted by a restart of the suite (not counted against the action)",
            "rejected      | rejected by a person | rolled back: rejected by a person",
            "cancelled     | cancelled because a person took over or the incident resolved | rolled back: cancelled because a person took over or the incident resolved",
            "quota_hit     | failed: quota hit | rolled back: quota hit",
            "              | failed | rolled back"})
    void eachFailureKindReadsInWords(String kind, String failed, String rolledBack) {
        assertEquals(failed, RemediationWords.ended(false, kind));
        assertEquals(rolledBack, RemediationWords.ended(true, kind));
    }

    @Test
    void anOlderProducerSaysNoKind() {
        assertNull(RemediationWords.failure(null));
        assertNull(RemediationWords.failure(" "));
    }

    @Test
    void theProducersDetailFollowsTheKind() {
        assertEquals("rolled back: the service did not recover in time — alerts still firing after 300 s",
                RemediationWords.ended(true, "not_recovered", "alerts still firing\nafter 300 s"));
        assertEquals("failed", RemediationWords.ended(false, null, " "));
    }

    @Test
    void overdueNamesElapsedTimeSeverityAndTarget() {
        assertEquals("automation still running 16 min after the incident started, beyond the SEV2 MTTR target of 15 min",
                RemediationWords.overdue("SEV2", 900, 960));
        assertEquals("automation still running 1 h 5 min after the incident started, beyond the SEV1 MTTR target of 1 h",
                RemediationWords.overdue("SEV1", 3600, 3900));
        assertEquals("automation still running 15 min 3 s after the incident started, beyond the MTTR target of 15 min",
                RemediationWords.overdue(null, 900, 903));
    }

    @ParameterizedTest(name = "{0} s → {1}")
    @CsvSource({"0,0 s", "59,59 s", "60,1 min", "90,1 min 30 s", "960,16 min", "903,15 min 3 s", "3599,59 min 59 s",
            "3600,1 h", "3601,1 h 1 s", "5400,1 h 30 min", "14400,4 h", "-5,0 s"})
    void spansReadAsMinutesOrHours(long seconds, String expected) {
        assertEquals(expected, RemediationWords.span(seconds));
    }

    /** status | failure | dry run | words */
    @ParameterizedTest(name = "{0} {1} dry run {2}")
    @CsvSource(delimiter = '|', value = {
            "PENDING_APPROVAL |               | false | awaiting approval",
            "RUNNING          |               | false | running",
            "RUNNING          |               | true  | running (dry run: nothing will be changed)",
            "SUCCEEDED        |               | false | succeeded",
            "SUCCEEDED        |               | true  | succeeded (dry run: nothing was changed)",
            "FAILED           | interrupted   | false | failed: interrupted by a restart of the suite (not counted against the action)",
            "ROLLED_BACK      | not_recovered | false | rolled back: the service did not recover in time",
            "FAILED           |               | false | failed",
            "CANCELLED        |               | false | cancelled"})
    void outcomes(String status, String failure, boolean dryRun, String expected) {
        assertEquals(expected, RemediationWords.outcome(status, failure, dryRun));
    }
}
