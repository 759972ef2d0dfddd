package io.irsuite.detection.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The offline grouping evaluation (plain JUnit, no Quarkus): the samples are grouped right, and on the harsher
 * generator the figures stay where the README reports them. A regression in the grouping rules shows here before
 * it reaches the scenario replay.
 */
class GroupingEvaluationTest {

    private static final int HOPS = 2;
    private static final double WINDOW = 600;

    @Test
    void theSamplesAreGroupedExactlyRight() throws IOException {
        List<Scenario> samples = GroupingEvaluation.samples(Path.of("../../shared/scenarios"));
        assertFalse(samples.isEmpty(), "the sample scenarios are beside the repository");
        GroupingEvaluation.Figures f = GroupingEvaluation.evaluate(samples, HOPS, WINDOW, null);
        assertEquals(samples.size(), f.failuresRight(), "every sample's failure in one incident of its own");
        assertEquals(0, f.noiseJoined(), "no sample noise joins an incident");
        assertEquals(samples.size(), f.exact());
    }

    @Test
    void theGeneratedScenariosSplitRarelyAndTheSameSeedGivesTheSameFigures() {
        GroupingEvaluation.Figures first = GroupingEvaluation.evaluate(GroupingEvaluation.generated(300, 42, WINDOW), HOPS,
                WINDOW, null);
        GroupingEvaluation.Figures again = GroupingEvaluation.evaluate(GroupingEvaluation.generated(300, 42, WINDOW), HOPS,
                WINDOW, null);
        assertEquals(first, again, "seeded: the same scenarios and the same decisions");
        assertTrue(first.failures() > first.scenarios(), "some scenarios have a second failure");
        assertTrue(first.splitRate() <= 0.06, "split rate " + first.splitRate());
        assertTrue(first.failuresGrouped() >= 0.88, "failures grouped " + first.failuresGrouped());
        assertTrue(first.noise() > first.scenarios(), "noise in every scenario");
    }
}
