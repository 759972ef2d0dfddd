package io.irsuite.remediation.domain;

import io.irsuite.platform.problem.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runbook rules: the Bean Validation annotations and the cross-field rules, without Quarkus. */
class RunbookRulesTest {

    static jakarta.validation.ValidatorFactory factory;
    static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static StepDefinition http(String url) {
        return new StepDefinition("call", "http", "POST", url, null, null, null, null, null, null, null, null, null, null);
    }

    static RunbookDefinition runbook(StepDefinition... steps) {
        return new RunbookDefinition("rb", null, List.of("restart"), null, null, null, null, List.of(steps));
    }

    static Set<String> violations(Object bean) {
        Set<ConstraintViolation<Object>> found = validator.validate(bean);
        return Set.copyOf(found.stream().map(v -> v.getPropertyPath().toString()).toList());
    }

    @Test
    void aGoodRunbookPassesBothLayers() {
        RunbookDefinition ok = runbook(http("http://d/${namespace}"),
                new StepDefinition("settle", "wait", null, null, null, null, null, null, null, null, 5, null, null, null),
                new StepDefinition("scale", "kubernetes", null, null, null, null, null, null, null, null, null, "scale", 3, null));
        assertEquals(Set.of(), violations(ok));
        assertEquals(List.of(), RunbookRules.check(ok));
    }

    @Test
    void beanValidationNamesNestedFields() {
        StepDefinition bad = new StepDefinition("x", "shell", "TRACE", "http://d/", 600, null, null, 0, 11, 301, null, null, null,
                new StepDefinition("", "http", "POST", "http://d/", null, null, null, null, null, null, null, null, null, null));
        Set<String> paths = violations(new RunbookDefinition("", null, List.of(), null, null, null, null, List.of(bad)));
        assertTrue(paths.containsAll(Set.of("name", "actions", "steps[0].type", "steps[0].method", "steps[0].expectedStatus",
                "steps[0].timeoutSeconds", "steps[0].retries", "steps[0].retryDelaySeconds", "steps[0].rollback.name")), paths.toString());
        assertTrue(violations(new RunbookDefinition("x", null, List.of("a"), null, null, null, null, List.of())).contains("steps"));
    }

    @Test
    void crossFieldRulesNameTheField() {
        RunbookDefinition bad = runbook(
                http(null),
                new StepDefinition("get", "validate", null, "/relative", null, null, null, null, null, null, null, null, null, null),
                new StepDefinition("no method", "http", null, "http://d/", null, Map.of("Bad Header", "v"), null, null, null, null, null, null, null, null),
                new StepDefinition("wait", "wait", null, null, null, null, null, null, null, null, null, null, null, null),
                new StepDefinition("k8s", "kubernetes", null, null, null, null, null, null, null, null, null, null, null, null),
                new StepDefinition("undo", "http", "POST", "http://d/", null, null, null, null, null, null, null, null, null,
                        new StepDefinition("undo", "http", "POST", "http://${service}/", null, null, null, null, null, null, null, null, null,
                                http("http://d/"))));
        List<String> fields = RunbookRules.check(bad).stream().map(FieldError::field).toList();
        assertEquals(List.of("steps[0].url", "steps[1].url", "steps[2].method", "steps[2].headers", "steps[3].seconds",
                "steps[4].operation", "steps[5].rollback.url", "steps[5].rollback.rollback"), fields);
    }

    private static StepDefinition k8s(String op, Integer replicas, Integer by, String image) {
        return new StepDefinition("k", "kubernetes", null, null, null, null, null, null, null, null, null, op, replicas, null,
                by, null, image, null);
    }

    @Test
    void kubernetesStepsNameTheField() {
        RunbookDefinition ok = runbook(k8s("scale", null, 2, null), k8s("set-image", null, null, "registry/app:v2"),
                k8s("rollback", null, null, null), k8s("rollout-restart", null, null, null), k8s("delete-pod", null, null, null));
        assertEquals(Set.of(), violations(ok));
        assertEquals(List.of(), RunbookRules.check(ok));

        RunbookDefinition bad = runbook(k8s("scale", null, null, null), k8s("scale", 3, 1, null), k8s("set-image", null, null, null),
                k8s("rollback", 2, null, null), k8s("set-image", null, null, "app:${service}"));
        assertEquals(List.of("steps[0].replicas", "steps[1].replicas", "steps[2].image", "steps[3].replicas", "steps[4].image"),
                RunbookRules.check(bad).stream().map(FieldError::field).toList());

        RunbookDefinition invalid = runbook(k8s("drain", null, null, null), k8s("scale", 5000, null, null));
        assertEquals(Set.of("steps[0].operation", "steps[1].replicas"), violations(invalid));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "rollback-checkout", "db.failover_2", "0x"})
    void goodIds(String id) {
        assertTrue(RunbookRules.checkId(id).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Rollback", "-x", ".x", "a b", "a/b"})
    void badIds(String id) {
        assertFalse(RunbookRules.checkId(id).isEmpty());
    }

    @Test
    void defaultsAreFilledIn() {
        StepDefinition step = new StepDefinition("v", "validate", null, "http://d/", null, null, null, null, null, null, null, null, null,
                http("http://d/undo")).withDefaults();
        assertEquals("GET", step.method());
        assertEquals(200, step.expectedStatus());
        assertEquals(30, step.timeoutSeconds());
        assertEquals(0, step.retries());
        assertEquals(1, step.retryDelaySeconds());
        assertEquals(30, step.rollback().timeoutSeconds());
        RunbookDefinition runbook = runbook(http("http://d/")).withDefaults();
        assertEquals(List.of(), runbook.categories());
        assertFalse(runbook.approvalRequired());
    }

    @Test
    void worstCaseCoversEveryAttemptAndDelay() {
        StepDefinition step = new StepDefinition("c", "http", "GET", "http://d/", null, null, null, 10, 2, 5, null, null, null, null);
        assertEquals(3 * 10 + 2 * 5, step.worstCaseSeconds());
        assertEquals(7, new StepDefinition("w", "wait", null, null, null, null, null, null, null, null, 7, null, null, null).worstCaseSeconds());
    }
}
