package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatcherTest {

    private static final Map<String, String> LABELS = AlertLabels.of(new TreeMap<>(Map.of("region", "eu-west-1",
            "service", "ignored")), "checkout", "HighErrorRate", "prometheus", Severity.SEV1);
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** name, value, isRegex, isEqual, matches the labels above */
    @ParameterizedTest(name = "{0} {1} regex={2} equal={3} → {4}")
    @CsvSource({
            "service,checkout,false,true,true", "service,ignored,false,true,false",
            "service,checkout,false,false,false", "service,search,false,false,true",
            "alertname,High.*,true,true,true", "alertname,High,true,true,false",          // anchored
            "alertname,.*Error.*,true,true,true", "alertname,Low.*,true,false,true",
            "region,eu-.*,true,true,true", "region,eu-west-1|us-east-1,true,true,true",
            "team,'',false,true,true", "team,.+,true,true,false", "team,.*,true,true,true",  // absent = empty
            "severity,SEV1,false,true,true", "source,prometheus,false,true,true"})
    void matchesLikeAlertmanager(String name, String value, boolean regex, boolean equal, boolean matches) {
        assertEquals(matches, Matcher.of(name, value, regex, equal).matches(LABELS));
    }

    @Test
    void everyMatcherMustMatchAndNoMatcherMatchesNothing() {
        assertTrue(Matcher.all(List.of(Matcher.of("service", "checkout", false, true),
                Matcher.of("region", "eu-.*", true, true)), LABELS));
        assertFalse(Matcher.all(List.of(Matcher.of("service", "checkout", false, true),
                Matcher.of("region", "us-.*", true, true)), LABELS));
        assertFalse(Matcher.all(List.of(), LABELS));
    }

    @Test
    void severityMatchersSpeakEveryVocabulary() {
        List<FieldError> errors = new ArrayList<>();
        List<Matcher> m = MatcherSpec.compile(List.of(new MatcherSpec("severity", "critical", null, null)), "matchers", errors);
        assertEquals(List.of(), errors);
        assertEquals("SEV1", m.get(0).value());
        assertTrue(m.get(0).matches(LABELS));
    }

    @Test
    void badMattersAreNamedByField() {
        List<FieldError> errors = new ArrayList<>();
        MatcherSpec.compile(List.of(new MatcherSpec("ok", "x", null, null), new MatcherSpec("1bad", "x", null, null),
                new MatcherSpec("alertname", "(", true, null), new MatcherSpec("a", null, null, null)), "matchers", errors);
        assertEquals(List.of("matchers[1].name", "matchers[2].value", "matchers[3].value"),
                errors.stream().map(FieldError::field).toList());
    }

    @Test
    void aSilenceNeedsTimesAuthorCommentAndAMatcherThatIsNotEmpty() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SilenceRules.validate(
                List.of(new MatcherSpec("team", "", null, null)), null, NOW.minusSeconds(1), " ", null, NOW));
        assertEquals(List.of("matchers", "endsAt", "createdBy", "comment"), e.errors().stream().map(FieldError::field).toList());
        e = assertThrows(InvalidInputException.class, () -> SilenceRules.validate(
                List.of(new MatcherSpec("service", "a", null, null)), NOW.plusSeconds(60), NOW.plusSeconds(30), "a", "b", NOW));
        assertEquals("must be after startsAt", e.errors().get(0).message());
        SilenceRules.Valid ok = SilenceRules.validate(List.of(new MatcherSpec("service", "a", null, null)), null,
                NOW.plusSeconds(60), " alice ", "deploy window", NOW);
        assertEquals(NOW, ok.startsAt());
        assertEquals("alice", ok.createdBy());
    }

    @ParameterizedTest(name = "starts {0}s, ends {1}s from now → {2}")
    @CsvSource({"10,20,pending", "0,20,active", "-10,20,active", "-20,0,expired", "-20,-10,expired"})
    void stateFollowsTheClock(long start, long end, String state) {
        assertEquals(state, SilenceRules.state(NOW.plusSeconds(start), NOW.plusSeconds(end), NOW));
    }
}
