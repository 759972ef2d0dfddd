package io.irsuite.comms.domain.oncall;

import io.irsuite.platform.problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rule of an escalation policy names its field; delays, repeats and their defaults. */
class PolicyRulesTest {

    static final Set<String> KNOWN = Set.of("schedule:primary", "user:alice", "channel:war-room");

    static PolicySpec.Target target(String type, String name) {
        return new PolicySpec.Target(type, name);
    }

    static PolicySpec.Level level(String delayMinutes, PolicySpec.Target... targets) {
        return new PolicySpec.Level(delayMinutes == null ? null : new BigDecimal(delayMinutes), Arrays.asList(targets));
    }

    static PolicySpec policy(String repeat, PolicySpec.Level... levels) {
        return new PolicySpec(Arrays.asList(levels), repeat == null ? null : new BigDecimal(repeat), null);
    }

    static PolicyRules.Checked check(PolicySpec spec) {
        return PolicyRules.check("payments", spec, (type, name) -> KNOWN.contains(type + ":" + name));
    }

    static Stream<Arguments> broken() {
        PolicySpec.Level first = level("0", target("schedule", "primary"));
        return Stream.of(
                arguments("no levels", new PolicySpec(List.of(), null, null), List.of("levels")),
                arguments("the first level waits", policy(null, level("5", target("user", "alice"))),
                        List.of("levels[0].delayMinutes")),
                arguments("a later level without a delay", policy(null, first, level(null, target("user", "alice"))),
                        List.of("levels[1].delayMinutes")),
                arguments("a later level with no wait", policy(null, first, level("0", target("user", "alice"))),
                        List.of("levels[1].delayMinutes")),
                arguments("a negative delay", policy(null, first, level("-5", target("user", "alice"))),
                        List.of("levels[1].delayMinutes")),
                arguments("more than a day", policy(null, first, level("1441", target("user", "alice"))),
                        List.of("levels[1].delayMinutes")),
                arguments("a delay of part of a second", policy(null, first, level("0.01", target("user", "alice"))),
                        List.of("levels[1].delayMinutes")),
                arguments("a level without targets", policy(null, first, level("5")), List.of("levels[1].targets")),
                arguments("an unknown user", policy(null, first, level("5", target("user", "alice"), target("user", "zoe"))),
                        List.of("levels[1].targets[1].name")),
                arguments("an unknown schedule", policy(null, level("0", target("schedule", "secondary"))),
                        List.of("levels[0].targets[0].name")),
                arguments("an unknown channel", policy(null, level("0", target("channel", "pagers"))),
                        List.of("levels[0].targets[0].name")),
                arguments("an unknown type", policy(null, level("0", target("team", "sre"))),
                        List.of("levels[0].targets[0].type")),
                arguments("a target without a name", policy(null, level("0", target("user", null))),
                        List.of("levels[0].targets[0].name")),
                arguments("a fractional repeat", policy("1.5", first), List.of("repeat")),
                arguments("a negative repeat", policy("-1", first), List.of("repeat")),
                arguments("too many repeats", policy("11", first), List.of("repeat")),
                arguments("a repeat delay of zero", new PolicySpec(List.of(first), BigDecimal.ONE, BigDecimal.ZERO),
                        List.of("repeatDelayMinutes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void eachBrokenRuleNamesItsField(String name, PolicySpec spec, List<String> fields) {
        assertEquals(fields, check(spec).errors().stream().map(FieldError::field).toList());
    }

    @Test
    void delaysMayBeFractionsOfAMinuteInWholeSeconds() {
        PolicyRules.Checked checked = check(policy("2", level(null, target("schedule", "primary")),
                level("0.5", target("user", "alice")), level("10", target("channel", "war-room"))));
        assertEquals(List.of(), checked.errors());
        EscalationPolicy p = checked.policy();
        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(10)),
                p.levels().stream().map(EscalationPolicy.Level::delay).toList());
        assertEquals(2, p.repeat());
        assertEquals(Duration.ofMinutes(10), p.repeatDelay(), "by default the last level's delay");
        assertEquals(List.of("0", "0.5", "10"), checked.normalised().levels().stream()
                .map(l -> l.delayMinutes().toPlainString()).toList());
        assertEquals("10", checked.normalised().repeatDelayMinutes().toPlainString());
        assertEquals(p, PolicyRules.compile("payments", checked.normalised()));
    }

    @Test
    void aSingleLevelPolicyRepeatsAfterThirtyMinutesUnlessItSaysOtherwise() {
        PolicySpec single = policy("2", level("0", target("user", "alice")));
        assertEquals(Duration.ofMinutes(30), check(single).policy().repeatDelay());
        assertEquals(0, check(policy(null, level("0", target("user", "alice")))).policy().repeat());
        PolicySpec explicit = new PolicySpec(single.levels(), BigDecimal.ONE, new BigDecimal("2.5"));
        assertEquals(Duration.ofSeconds(150), check(explicit).policy().repeatDelay());
    }
}
