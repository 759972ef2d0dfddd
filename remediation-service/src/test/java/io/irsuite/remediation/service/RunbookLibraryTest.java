package io.irsuite.remediation.service;

import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepType;
import io.irsuite.remediation.service.RunbookLibrary.LibraryException;
import io.irsuite.remediation.service.RunbookLibrary.Shipped;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped runbook files, without Quarkus: each passes the validation of a PUT and has the shape the library promises. */
class RunbookLibraryTest {

    static final List<String> CONTRACT_ACTIONS = List.of("restart", "scale_up", "rollback", "circuit_breaker", "cache_clear",
            "traffic_redirect", "feature_flag_disable", "database_failover", "rate_limit");
    static final Map<String, String> HTTP_KEYS = Map.of("disable-feature-flag", "feature-flag-url", "clear-cache", "cache-url",
            "open-circuit-breaker", "circuit-breaker-url", "redirect-traffic", "traffic-url", "database-failover", "database-url",
            "rate-limit", "traffic-url");
    static final Map<String, String> ALL_URLS = Map.of("feature-flag-url", "http://flags.test:8080",
            "cache-url", "http://cache.test:8080/", "circuit-breaker-url", "https://mesh.test",
            "traffic-url", "http://traffic.test:8080/admin", "database-url", "http://db.test:9090");

    static Validator validator;

    @BeforeAll
    static void validator() {
        validator = Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
    }

    static Map<String, Shipped> byId(List<Shipped> shipped) {
        return shipped.stream().collect(Collectors.toMap(Shipped::id, Function.identity()));
    }

    @Test
    void everyFileInTheLibraryFolderIsShippedAndEveryShippedIdHasAFile() throws Exception {
        URL folder = RunbookLibrary.class.getClassLoader().getResource(RunbookLibrary.RESOURCES);
        assertNotNull(folder);
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(RunbookLibrary.IDS.stream().map(id -> id + ".yaml").collect(Collectors.toSet()), names);
        }
    }

    @Test
    void everyShippedRunbookPassesThePutValidationWithAndWithoutAdapterUrls() {
        assertEquals(RunbookLibrary.IDS, RunbookLibrary.prepareAll(Map.of(), validator).stream().map(Shipped::id).toList());
        assertEquals(RunbookLibrary.IDS, RunbookLibrary.prepareAll(ALL_URLS, validator).stream().map(Shipped::id).toList());
    }

    @Test
    void eachActionOfTheContractIsServedByExactlyOneShippedRunbook() {
        List<Shipped> shipped = RunbookLibrary.prepareAll(ALL_URLS, validator);
        for (String action : CONTRACT_ACTIONS) {
            List<String> serving = shipped.stream().filter(s -> s.definition().actions().contains(action)).map(Shipped::id).toList();
            assertEquals(1, serving.size(), action + " is served by " + serving);
        }
        assertEquals(List.of("deploy", "config"), byId(shipped).get("rollback-deployment").definition().categories());
        shipped.stream().filter(s -> !s.id().equals("rollback-deployment"))
                .forEach(s -> assertTrue(s.definition().categories() == null, s.id() + " serves every category"));
    }

    @Test
    void eachRunbookChangesThenValidatesCanRollBackAndDeclaresItsDurationAndVerification() {
        for (Shipped s : RunbookLibrary.prepareAll(ALL_URLS, validator)) {
            RunbookDefinition d = s.definition();
            List<StepDefinition> steps = d.steps();
            assertEquals(2, steps.size(), s.id());
            StepDefinition change = steps.get(0);
            StepDefinition check = steps.get(1);
            assertNotNull(change.rollback(), s.id() + ": the change has a rollback step");
            assertNotNull(d.estimatedDurationSeconds(), s.id());
            assertEquals(300, d.verify().withinSeconds(), s.id());
            assertTrue(d.description() != null && !d.description().isBlank(), s.id());
            if (HTTP_KEYS.containsKey(s.id())) {
                String base = ALL_URLS.get(HTTP_KEYS.get(s.id())).replaceAll("/$", "");
                assertEquals(StepType.HTTP, change.stepType(), s.id());
                assertEquals("POST", change.method(), s.id());
                assertEquals(StepType.HTTP, change.rollback().stepType(), s.id());
                assertEquals(StepType.VALIDATE, check.stepType(), s.id() + ": reads the adapter's state after the change");
                for (String url : List.of(change.url(), change.rollback().url(), check.url())) {
                    assertTrue(url.startsWith(base + "/") && url.contains("/${service}"), s.id() + ": " + url);
                }
            } else {
                assertEquals(StepType.KUBERNETES, change.stepType(), s.id());
                assertEquals(StepType.KUBERNETES, change.rollback().stepType(), s.id());
                assertEquals("rollout-status", check.operation(), s.id() + ": waits for the rollout after the change");
            }
            assertEquals(Set.of("database-failover", "rate-limit").contains(s.id()), d.approvalRequired(),
                    s.id() + ": only the failover (data) and the rate limit (security) need approval");
        }
    }

    @Test
    void theKubernetesRunbooksDoWhatTheirNamesSay() {
        Map<String, Shipped> shipped = byId(RunbookLibrary.prepareAll(Map.of(), validator));
        StepDefinition restart = shipped.get("restart-deployment").definition().steps().get(0);
        assertEquals("rollout-restart", restart.operation());
        StepDefinition scale = shipped.get("scale-up-deployment").definition().steps().get(0);
        assertEquals("scale", scale.operation());
        assertEquals(2, scale.by());
        StepDefinition rollback = shipped.get("rollback-deployment").definition().steps().get(0);
        assertEquals("rollback", rollback.operation());
        assertEquals("rollback", rollback.rollback().operation(), "re-applies the recorded template");
        // rollbacks that would change something when nothing was recorded are read-only instead
        assertEquals("rollout-status", restart.rollback().operation());
        assertEquals("rollout-status", scale.rollback().operation());
        assertEquals(0, shipped.get("database-failover").definition().steps().get(0).retries(), "a failover is not repeated");
    }

    @Test
    void withoutAdapterUrlsTheHttpRunbooksAreDisabledAndSayWhichKeyToSet() {
        for (Shipped s : RunbookLibrary.prepareAll(Map.of(), validator)) {
            String key = HTTP_KEYS.get(s.id());
            if (key == null) {
                assertTrue(s.enabled(), s.id());
                continue;
            }
            assertFalse(s.enabled(), s.id());
            assertTrue(s.definition().description().startsWith("Stored disabled: ir.remediation.library." + key + " "),
                    s.definition().description());
            assertTrue(s.definition().description().contains("A PUT of this runbook"), s.definition().description());
            assertTrue(s.definition().steps().get(0).url().startsWith("http://" + key + ".invalid/"), s.id());
        }
    }

    @Test
    void aConfiguredUrlEnablesOnlyItsRunbookAndIsWrittenWithoutATrailingSlash() {
        Map<String, Shipped> shipped = byId(RunbookLibrary.prepareAll(Map.of("cache-url", "https://cache.test:8443/admin/"), validator));
        Shipped cache = shipped.get("clear-cache");
        assertTrue(cache.enabled());
        assertFalse(cache.definition().description().contains("Stored disabled"));
        assertEquals("https://cache.test:8443/admin/caches/${service}/clear", cache.definition().steps().get(0).url());
        assertEquals("https://cache.test:8443/admin/caches/${service}/restore", cache.definition().steps().get(0).rollback().url());
        assertEquals("https://cache.test:8443/admin/caches/${service}?expect=serving", cache.definition().steps().get(1).url());
        assertFalse(shipped.get("disable-feature-flag").enabled());
    }

    @Test
    void aBadAdapterUrlStopsTheLoadNamingTheKey() {
        Map<String, String> cases = new HashMap<>();
        cases.put("http://${service}.example", "placeholder");
        cases.put("http://{{cache-url}}", "placeholder");
        cases.put("ftp://cache.test", "absolute http or https");
        cases.put("cache.test:8080", "absolute http or https");
        cases.put("http://cache.test/x?y=1", "query");
        cases.put("http://cache.test/#top", "fragment");
        cases.put("http://user:secret@cache.test", "user info");
        cases.put("http://cache test", "not a valid URL");
        cases.forEach((url, problem) -> {
            LibraryException e = assertThrows(LibraryException.class,
                    () -> RunbookLibrary.prepareAll(Map.of("cache-url", url), validator), url);
            assertTrue(e.getMessage().contains("ir.remediation.library.cache-url: ") && e.getMessage().contains(problem),
                    url + " → " + e.getMessage());
        });
        LibraryException unknown = assertThrows(LibraryException.class,
                () -> RunbookLibrary.prepareAll(Map.of("flags-url", "http://flags.test"), validator));
        assertTrue(unknown.getMessage().contains("ir.remediation.library.flags-url: not a key of the library"), unknown.getMessage());
    }

    @Test
    void aShippedRunbookThatFailsTheValidationStopsTheLoadNamingTheFileAndTheField() {
        String valid = """
                name: ok
                actions: [restart]
                steps:
                  - {name: call, type: http, method: POST, url: "{{cache-url}}/x/${service}"}
                """;
        assertTrue(RunbookLibrary.prepare("ok", valid, Map.of("cache-url", "http://c.test"), validator).enabled());
        Map<String, String> broken = Map.of(
                "unknown placeholder", valid.replace("${service}", "${alert}"),
                "unknown token", valid.replace("{{cache-url}}", "{{cache-host}}"),
                "required for http steps", valid.replace("method: POST, ", ""),
                "must not be empty", "name: x\nactions: [restart]\nsteps: []\n",
                "Unrecognized field", valid.replace("name: ok", "name: ok\nretires: 3"),
                "id: must match", valid);
        broken.forEach((problem, yaml) -> {
            String id = problem.startsWith("id") ? "Bad Id" : "broken";
            LibraryException e = assertThrows(LibraryException.class,
                    () -> RunbookLibrary.prepare(id, yaml, Map.of("cache-url", "http://c.test"), validator), problem);
            assertTrue(e.getMessage().startsWith("shipped runbook " + id + " ") && e.getMessage().contains(problem),
                    problem + " → " + e.getMessage());
        });
    }
}
