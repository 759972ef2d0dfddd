package io.irsuite.triage.eval;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluator cases for load victims and attacks at the edge: hand-written scenarios (own service and alert names, in
 * {@code src/test/resources/eval-cases}) replayed through Evaluate's domain path; each must get root, category and top
 * action right.
 */
class VictimAndEdgeCasesTest {

    @Test
    void everyCaseGetsRootCategoryAndTopActionRight() throws Exception {
        Path dir = Path.of(VictimAndEdgeCasesTest.class.getResource("/eval-cases").toURI());
        List<Scenario> scenarios = Evaluate.load(dir);
        assertEquals(6, scenarios.size());
        Evaluation evaluation = Evaluate.evaluate(scenarios);
        for (Evaluation.Scored s : evaluation.scored()) {
            String why = s.id() + ": " + s.outcome().analysis().rootCause() + "\n" + s.outcome().actions();
            assertTrue(s.top1(), "root " + why);
            assertTrue(s.category(), "category " + why);
            assertTrue(s.action(), "top action " + why);
        }
        assertEquals(1.0, evaluation.overall().severity(), evaluation.report());
    }
}
