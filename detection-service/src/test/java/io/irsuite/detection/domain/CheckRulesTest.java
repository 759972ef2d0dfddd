package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void appliesDefaults() {
        CheckRules.Definition d = CheckRules.define("home", " web ", " https://shop.example/health ", null, null,
                null, null, null, null);
        assertEquals(new CheckRules.Definition("web", "https://shop.example/health", "GET", 200, 60, 10, 2,
                Severity.SEV2), d);
        assertEquals(4, CheckRules.define("h", "s", "http://a", "head", 204, 5, null, 1, "warning").timeoutSeconds(),
                "the default timeout stays below a short interval");
        assertEquals("HEAD", CheckRules.define("h", "s", "http://a", "head", 204, 5, null, 1, null).method());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // case                 | url                           | method | expected | interval | timeout | failures | field
            "missing url            | null                          | null   | null     | null     | null    | null     | url",
            "relative url           | /health                       | null   | null     | null     | null    | null     | url",
            "ftp url                | ftp://files.example/x         | null   | null     | null     | null    | null     | url",
            "no host                | http:///path                  | null   | null     | null     | null    | null     | url",
            "credentials            | https://u:p@shop.example/     | null   | null     | null     | null    | null     | url",
            "not a url              | http://a b                    | null   | null     | null     | null    | null     | url",
            "javascript             | javascript:alert(1)           | null   | null     | null     | null    | null     | url",
            "POST                   | http://a                      | POST   | null     | null     | null    | null     | method",
            "unknown method         | http://a                      | BREW   | null     | null     | null    | null     | method",
            "status 99              | http://a                      | null   | 99       | null     | null    | null     | expectedStatus",
            "status 600             | http://a                      | null   | 600      | null     | null    | null     | expectedStatus",
            "negative interval      | http://a                      | null   | null     | -1       | null    | null     | intervalSeconds",
            "interval 1             | http://a                      | null   | null     | 1        | null    | null     | intervalSeconds",
            "interval over a day    | http://a                      | null   | null     | 86401    | 5       | null     | intervalSeconds",
            "zero timeout           | http://a                      | null   | null     | 10       | 0       | null     | timeoutSeconds",
            "timeout = interval     | http://a                      | null   | null     | 10       | 10      | null     | timeoutSeconds",
            "zero failures          | http://a                      | null   | null     | null     | null    | 0        | failuresBeforeAlert",
            "negative failures      | http://a                      | null   | null     | null     | null    | -3       | failuresBeforeAlert",
            "ok with port and query | http://127.0.0.1:8080/h?x=1   | GET    | 301      | 2        | 1       | 1        | none",
            "ok https               | HTTPS://Shop.Example/         | HEAD   | 204      | 86400    | 30      | 100      | none",
    })
    void namesTheOffendingField(String ignored, String url, String method, Integer expected, Integer interval,
                                Integer timeout, Integer failures, String field) {
        if ("none".equals(field)) {
            CheckRules.define("c", "s", url, method, expected, interval, timeout, failures, null);
            return;
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CheckRules.define("c", "s", url, method, expected, interval, timeout, failures, null));
        assertEquals(List.of(field), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CheckRules.define("bad name", "", "x", "PUT", 0, 0, 0, 0, "doom"));
        assertEquals(List.of("name", "service", "url", "method", "expectedStatus", "intervalSeconds",
                "timeoutSeconds", "failuresBeforeAlert", "severity"), e.errors().stream().map(FieldError::field).toList());
    }

    @ParameterizedTest(name = "status {1} against {0}")
    @CsvSource(nullValues = "null", value = {
            "200, 200, true,  false, null,               null",
            "200, 500, false, false, null,               'got status 500, expected 200'",
            "200, 302, false, false, null,               'got status 302 (redirects are not followed), expected 200'",
            "302, 302, true,  false, null,               null",
            "200, null, false, true, null,               'timed out after 3s'",
            "200, null, false, false, connection refused, 'connection refused'",
            "200, null, false, false, null,              'request failed'",
    })
    void judgesAProbe(int expected, Integer status, boolean passed, boolean timedOut, String failure, String error) {
        CheckResult r = CheckRules.judge(T0, expected, status, 12, timedOut, 3, failure);
        assertEquals(passed, r.passed());
        assertEquals(error, r.error());
        assertEquals(status, r.status());
        assertEquals(12, r.durationMs());
    }

    @Test
    void alertsAfterEnoughFailuresInARowAndResolvesOnThePassAfter() {
        SyntheticCheck c = check(3, 0, false, null);
        CheckResult fail = new CheckResult(T0, false, 500, 5, "got status 500, expected 200");
        CheckResult pass = new CheckResult(T0.plusSeconds(40), true, 200, 5, null);

        CheckRules.Next n1 = CheckRules.next(c, fail);
        assertEquals(new CheckRules.Next(1, false, T0, CheckRules.Transition.NONE), n1);
        CheckRules.Next n2 = CheckRules.next(check(3, 1, false, T0), fail);
        assertEquals(new CheckRules.Next(2, false, T0, CheckRules.Transition.NONE), n2);
        CheckRules.Next n3 = CheckRules.next(check(3, 2, false, T0), fail);
        assertEquals(new CheckRules.Next(3, true, T0, CheckRules.Transition.FIRE), n3);
        CheckRules.Next n4 = CheckRules.next(check(3, 3, true, T0), fail);
        assertEquals(new CheckRules.Next(4, true, T0, CheckRules.Transition.NONE), n4, "raised once per run");
        assertEquals(new CheckRules.Next(0, false, null, CheckRules.Transition.RESOLVE),
                CheckRules.next(check(3, 4, true, T0), pass));
        assertEquals(new CheckRules.Next(0, false, null, CheckRules.Transition.NONE),
                CheckRules.next(check(3, 2, false, T0), pass), "failures below the bar resolve nothing");
        assertEquals(CheckRules.Transition.FIRE, CheckRules.next(check(1, 0, false, null), fail).transition());
    }

    @Test
    void theFailedAlertSaysWhatFailedWithoutTheQuery() {
        SyntheticCheck c = new SyntheticCheck("home", "web", "https://shop.example:8443/health?token=secret", "GET",
                200, 30, 5, 2, Severity.SEV2, 1, null, null, 2, T0, false, T0, T0);
        RaisedAlert a = CheckRules.failed(c, new CheckResult(T0, false, null, 5000, "timed out after 5s"), 2, T0);
        assertEquals("check:home", a.fingerprint());
        assertEquals("synthetic", a.source());
        assertEquals("SyntheticCheckFailed", a.name());
        assertEquals("web", a.service());
        assertEquals("synthetic check home failing: timed out after 5s", a.summary());
        assertEquals("GET https://shop.example:8443/health failed 2 times in a row (alert after 2); last: timed out after 5s",
                a.description());
        assertFalse(a.description().contains("secret"));
        assertEquals(Map.of("check", "home"), a.labels());
        assertEquals(T0, a.startsAt());
        assertNull(a.endsAt());
        assertTrue(a.normalized(T0).labels().containsKey("check"));
    }

    private static SyntheticCheck check(int failuresBeforeAlert, int failures, boolean alerting, Instant since) {
        return new SyntheticCheck("home", "web", "http://a/", "GET", 200, 10, 5, failuresBeforeAlert, Severity.SEV2,
                1, null, null, failures, since, alerting, T0, T0);
    }
}
