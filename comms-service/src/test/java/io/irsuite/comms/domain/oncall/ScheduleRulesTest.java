package io.irsuite.comms.domain.oncall;

import io.irsuite.platform.problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.irsuite.comms.domain.oncall.OnCallTest.daily;
import static io.irsuite.comms.domain.oncall.OnCallTest.override;
import static io.irsuite.comms.domain.oncall.OnCallTest.weekly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rule of a schedule definition names its field; the stored form is normalised. */
class ScheduleRulesTest {

    static final Set<String> USERS = Set.of("alice", "bob");
    static final String HANDOFF = "2026-11-30T09:00:00Z";

    static ScheduleSpec.Layer layer(List<String> users, String rotation, Integer hours, String handoffAt,
                                    ScheduleSpec.Restriction... restrictions) {
        return new ScheduleSpec.Layer(users, rotation, hours == null ? null : BigDecimal.valueOf(hours), handoffAt,
                restrictions.length == 0 ? null : List.of(restrictions));
    }

    static ScheduleSpec spec(ScheduleSpec.Layer layer, ScheduleSpec.Override... overrides) {
        return new ScheduleSpec("Europe/Berlin", List.of(layer), List.of(overrides));
    }

    static ScheduleSpec.Layer ok() {
        return layer(List.of("alice", "bob"), "weekly", null, HANDOFF);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                arguments("no time zone", new ScheduleSpec(null, List.of(ok()), null), List.of("timeZone")),
                arguments("a fixed offset is no IANA zone", new ScheduleSpec("+02:00", List.of(ok()), null),
                        List.of("timeZone")),
                arguments("an unknown zone", new ScheduleSpec("Mars/Olympus", List.of(ok()), null), List.of("timeZone")),
                arguments("no layers", new ScheduleSpec("UTC", List.of(), null), List.of("layers")),
                arguments("no users", spec(layer(List.of(), "daily", null, HANDOFF)), List.of("layers[0].users")),
                arguments("an unknown user", spec(layer(List.of("alice", "zoe"), "daily", null, HANDOFF)),
                        List.of("layers[0].users[1]")),
                arguments("a malformed user name", spec(layer(List.of("al ice"), "daily", null, HANDOFF)),
                        List.of("layers[0].users[0]")),
                arguments("no rotation", spec(layer(List.of("alice"), null, null, HANDOFF)),
                        List.of("layers[0].rotation")),
                arguments("an unknown rotation", spec(layer(List.of("alice"), "monthly", null, HANDOFF)),
                        List.of("layers[0].rotation")),
                arguments("daily shifts are whole days", spec(layer(List.of("alice"), "daily", 36, HANDOFF)),
                        List.of("layers[0].shiftLengthHours")),
                arguments("weekly shifts are whole weeks", spec(layer(List.of("alice"), "weekly", 48, HANDOFF)),
                        List.of("layers[0].shiftLengthHours")),
                arguments("a shift of zero hours", spec(layer(List.of("alice"), "hourly", 0, HANDOFF)),
                        List.of("layers[0].shiftLengthHours")),
                arguments("no handoff", spec(layer(List.of("alice"), "daily", null, null)),
                        List.of("layers[0].handoffAt")),
                arguments("a handoff that is no instant", spec(layer(List.of("alice"), "daily", null, "tomorrow 9am")),
                        List.of("layers[0].handoffAt")),
                arguments("a restriction without a type",
                        spec(layer(List.of("alice"), "daily", null, HANDOFF,
                                new ScheduleSpec.Restriction(null, null, "09:00", null, "17:00", null))),
                        List.of("layers[0].restrictions[0].type")),
                arguments("a bad time of day",
                        spec(layer(List.of("alice"), "daily", null, HANDOFF, daily("09:00", "24:00"))),
                        List.of("layers[0].restrictions[0].endTime")),
                arguments("a bad week day in days",
                        spec(layer(List.of("alice"), "daily", null, HANDOFF, daily("09:00", "17:00", "monday", "funday"))),
                        List.of("layers[0].restrictions[0].days[1]")),
                arguments("a weekly restriction needs its days",
                        spec(layer(List.of("alice"), "daily", null, HANDOFF,
                                new ScheduleSpec.Restriction("weekly", null, "09:00", "friday", "17:00", null))),
                        List.of("layers[0].restrictions[0].startDay")),
                arguments("startDay does not apply to a daily restriction",
                        spec(layer(List.of("alice"), "daily", null, HANDOFF,
                                new ScheduleSpec.Restriction("daily", "monday", "09:00", null, "17:00", null))),
                        List.of("layers[0].restrictions[0].startDay")),
                arguments("the second restriction of the second layer",
                        new ScheduleSpec("UTC", List.of(ok(), layer(List.of("bob"), "daily", null, HANDOFF,
                                daily("09:00", "17:00"), weekly("monday", "9", "friday", "17:00"))), null),
                        List.of("layers[1].restrictions[1].startTime")),
                arguments("an override for an unknown user",
                        spec(ok(), override("zoe", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z")),
                        List.of("overrides[0].user")),
                arguments("an override that ends before it starts",
                        spec(ok(), override("alice", "2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z")),
                        List.of("overrides[0].to")),
                arguments("an override without from",
                        spec(ok(), override("alice", null, "2026-12-01T00:00:00Z")), List.of("overrides[0].from")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void eachBrokenRuleNamesItsField(String name, ScheduleSpec spec, List<String> fields) {
        assertEquals(fields, ScheduleRules.check("primary", spec, USERS::contains).errors().stream()
                .map(FieldError::field).toList());
    }

    @Test
    void theNameMustBeAName() {
        assertEquals(List.of("name"), ScheduleRules.check("not a name", spec(ok()), USERS::contains).errors().stream()
                .map(FieldError::field).toList());
    }

    @Test
    void theStoredFormIsNormalisedAndCompilesToTheSameSchedule() {
        ScheduleSpec input = new ScheduleSpec(" Europe/Berlin ", List.of(
                layer(List.of("alice", "bob"), null, 12, "2026-11-30T10:00:00+01:00",
                        new ScheduleSpec.Restriction("daily", null, "09:00", null,
                                "17:30:00", List.of("Friday", "monday"))),
                layer(List.of("bob"), "weekly", null, HANDOFF, weekly("FRIDAY", "17:00", "monday", "09:00"))),
                List.of(override("alice", "2026-12-01T01:00:00+01:00", "2026-12-01T02:00:00Z")));
        ScheduleRules.Checked checked = ScheduleRules.check("primary", input, USERS::contains);
        assertEquals(List.of(), checked.errors());
        ScheduleSpec stored = checked.normalised();
        assertEquals("Europe/Berlin", stored.timeZone());
        assertEquals("hourly", stored.layers().get(0).rotation());
        assertEquals(BigDecimal.valueOf(12), stored.layers().get(0).shiftLengthHours());
        assertEquals("2026-11-30T09:00:00Z", stored.layers().get(0).handoffAt());
        assertEquals(new ScheduleSpec.Restriction("daily", null, "09:00", null, "17:30", List.of("monday", "friday")),
                stored.layers().get(0).restrictions().get(0));
        assertEquals(BigDecimal.valueOf(168), stored.layers().get(1).shiftLengthHours());
        assertEquals(new ScheduleSpec.Restriction("weekly", "friday", "17:00", "monday", "09:00", null),
                stored.layers().get(1).restrictions().get(0));
        assertEquals(override("alice", "2026-12-01T00:00:00Z", "2026-12-01T02:00:00Z"), stored.overrides().get(0));
        assertEquals(checked.schedule(), ScheduleRules.compile("primary", stored));
        assertEquals(Set.of("alice", "bob"), ScheduleRules.userNames(input));
    }
}
