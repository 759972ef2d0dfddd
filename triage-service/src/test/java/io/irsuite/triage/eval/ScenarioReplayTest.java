package io.irsuite.triage.eval;

import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.domain.TriageEvidence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScenarioReplayTest {

    private static Scenario.ScenarioAlert alert(double offset, double startsAt, String role, String service, String name) {
        return new Scenario.ScenarioAlert(offset, startsAt, role, null, new Scenario.Alert("prometheus", service, name,
                "firing", "critical", null, null, Map.of("region", "eu"), null, null));
    }

    @Test
    void noiseIsLeftOutDuplicatesCollapseAndTimesComeFromTheOffsets() {
        Scenario scenario = new Scenario("t1",
                List.of(new Scenario.Node("front", 1, "t", List.of("back"), "service"),
                        new Scenario.Node("back", 1, "t", List.of(), "database"),
                        new Scenario.Node("elsewhere", 3, "t", List.of(), "service")),
                List.of(new Scenario.Change("back", "deploy", "v2", "v1", "x", -300),
                        new Scenario.Change("elsewhere", "deploy", "v9", "v8", "unrelated", -60),
                        new Scenario.Change("back", "deploy", "v0", null, "too old", -9000)),
                List.of(alert(0, -30, "noise", "elsewhere", "DiskFull"),
                        alert(5, -20, "root", "back", "DbDown"),
                        alert(9, 2, "symptom", "front", "HighErrorRate"),
                        alert(40, -20, "duplicate", "back", "DbDown")),
                new Scenario.Truth("back", "deploy", "SEV4", List.of("rollback"), 1, "bad_deploy", List.of()));

        TriageEvidence evidence = ScenarioReplay.evidence(scenario, Duration.ofHours(2), List.of());
        assertEquals(List.of("back", "front"), evidence.alerts().stream().map(AlertFacts::service).sorted().toList());
        assertEquals(ScenarioReplay.ZERO.minusSeconds(20), evidence.alerts().stream()
                .filter(a -> a.service().equals("back")).findFirst().orElseThrow().startsAt());
        assertEquals(ScenarioReplay.ZERO.plusSeconds(40), evidence.now(), "triaged at the last alert");
        assertEquals(List.of("v2"), evidence.changes().stream().map(ChangeFacts::version).toList(),
                "only changes on involved services within the window, as the service reads them");
        assertEquals("eu", evidence.alerts().get(0).labels().get("region"));

        Evaluation evaluation = Evaluate.evaluate(List.of(scenario));
        assertEquals(1.0, evaluation.overall().ac1(), evaluation.report());
        assertEquals(1.0, evaluation.overall().action(), evaluation.report());
    }
}
