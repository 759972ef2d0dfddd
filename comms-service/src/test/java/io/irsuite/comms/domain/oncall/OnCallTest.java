package io.irsuite.comms.domain.oncall;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The schedule arithmetic, table by table: who is on call at an instant and from when to when, across DST switches
 * (Europe/Berlin, America/New_York, both directions), at handoffs, before the first handoff, with overlapping
 * overrides and with restriction windows (business hours, across midnight, the weekend, per week day).
 */
class OnCallTest {

    // ---- fixtures: every schedule is read from its wire form, as the API reads it

    static ScheduleSpec.Layer layer(String rotation, Integer hours, String handoffAt, List<String> users,
                                    ScheduleSpec.Restriction... restrictions) {
        return new ScheduleSpec.Layer(users, rotation, hours == null ? null : BigDecimal.valueOf(hours), handoffAt,
                restrictions.length == 0 ? null : Arrays.asList(restrictions));
    }

    static ScheduleSpec.Restriction daily(String start, String end, String... days) {
        return new ScheduleSpec.Restriction("daily", null, start, null, end, days.length == 0 ? null : List.of(days));
    }

    static ScheduleSpec.Restriction weekly(String startDay, String start, String endDay, String end) {
        return new ScheduleSpec.Restriction("weekly", startDay, start, endDay, end, null);
    }

    static ScheduleSpec.Override override(String user, String from, String to) {
        return new ScheduleSpec.Override(user, from, to);
    }

    static Schedule schedule(String zone, List<ScheduleSpec.Layer> layers, ScheduleSpec.Override... overrides) {
        ScheduleRules.Checked checked = ScheduleRules.check("s", new ScheduleSpec(zone, layers, List.of(overrides)),
                user -> true);
        assertEquals(List.of(), checked.errors());
        return checked.schedule();
    }

    static final List<String> AB = List.of("alice", "bob");
    static final List<String> ALICE = List.of("alice");

    // Berlin springs forward on 2026-03-29 (02:00 CET -> 03:00 CEST) and falls back on 2026-10-25 (03:00 -> 02:00).
    static final Schedule BERLIN_SPRING_DAILY = schedule("Europe/Berlin",
            List.of(layer("daily", null, "2026-03-27T08:00:00Z", AB)));   // 09:00 CET
    static final Schedule BERLIN_FALL_DAILY = schedule("Europe/Berlin",
            List.of(layer("daily", null, "2026-10-23T07:00:00Z", AB)));   // 09:00 CEST
    // New York springs forward on 2026-03-08 (02:00 EST -> 03:00 EDT) and falls back on 2026-11-01 (02:00 -> 01:00).
    static final Schedule NY_SPRING_DAILY = schedule("America/New_York",
            List.of(layer("daily", null, "2026-03-06T14:00:00Z", AB)));   // 09:00 EST
    static final Schedule NY_FALL_DAILY = schedule("America/New_York",
            List.of(layer("daily", null, "2026-10-30T13:00:00Z", AB)));   // 09:00 EDT
    static final Schedule BERLIN_GAP_DAILY = schedule("Europe/Berlin",
            List.of(layer("daily", null, "2026-03-27T01:30:00Z", AB)));   // 02:30 CET, a time 03-29 skips
    static final Schedule BERLIN_12H = schedule("Europe/Berlin",
            List.of(layer("hourly", 12, "2026-03-28T20:00:00Z", AB)));    // 21:00 CET, elapsed hours
    static final Schedule BERLIN_WEEKLY = schedule("Europe/Berlin",
            List.of(layer("weekly", null, "2026-03-23T08:00:00Z", AB)));  // Monday 09:00 CET
    static final Schedule BERLIN_FORTNIGHTLY = schedule("Europe/Berlin",
            List.of(layer("weekly", 336, "2026-03-23T08:00:00Z", AB)));
    static final Schedule NY_WEEKLY_FALL = schedule("America/New_York",
            List.of(layer("weekly", null, "2026-10-26T13:00:00Z", AB)));  // Monday 09:00 EDT

    static Stream<Arguments> dstAndHandoffs() {
        return Stream.of(
                // a daily rotation keeps 09:00 local: the shift over the spring switch is 23 h
                row("Berlin spring, inside the short shift", BERLIN_SPRING_DAILY, "2026-03-28T12:00:00Z",
                        "bob", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"),
                row("Berlin spring, last second of the short shift", BERLIN_SPRING_DAILY, "2026-03-29T06:59:59Z",
                        "bob", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"),
                row("Berlin spring, handoff at 09:00 CEST belongs to the next shift", BERLIN_SPRING_DAILY,
                        "2026-03-29T07:00:00Z", "alice", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"),
                row("Berlin, exactly the first handoff", BERLIN_SPRING_DAILY, "2026-03-27T08:00:00Z",
                        "alice", "2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z"),
                row("Berlin, a nanosecond before the second handoff", BERLIN_SPRING_DAILY,
                        "2026-03-28T07:59:59.999999999Z", "alice", "2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z"),
                row("Berlin, before the first handoff nobody", BERLIN_SPRING_DAILY, "2026-03-27T07:59:59Z",
                        null, null, null),
                // ... and over the autumn switch 25 h
                row("Berlin fall, the long shift", BERLIN_FALL_DAILY, "2026-10-24T07:00:00Z",
                        "bob", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z"),
                row("Berlin fall, last instant of the long shift", BERLIN_FALL_DAILY, "2026-10-25T07:59:59.999Z",
                        "bob", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z"),
                row("Berlin fall, 09:00 CET", BERLIN_FALL_DAILY, "2026-10-25T08:00:00Z",
                        "alice", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z"),
                row("New York spring, the short shift", NY_SPRING_DAILY, "2026-03-08T12:00:00Z",
                        "bob", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"),
                row("New York spring, 09:00 EDT", NY_SPRING_DAILY, "2026-03-08T13:00:00Z",
                        "alice", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"),
                row("New York fall, the long shift", NY_FALL_DAILY, "2026-11-01T13:30:00Z",
                        "bob", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z"),
                row("New York fall, 09:00 EST", NY_FALL_DAILY, "2026-11-01T14:00:00Z",
                        "alice", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"),
                // a handoff time the spring switch skips happens right after the gap, and is back the next day
                row("Berlin gap, 02:30 does not exist on 03-29: 03:30 CEST", BERLIN_GAP_DAILY,
                        "2026-03-29T01:00:00Z", "bob", "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z"),
                row("Berlin gap, the day after is 02:30 CEST again", BERLIN_GAP_DAILY, "2026-03-29T01:30:00Z",
                        "alice", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
                // hourly shifts are elapsed time: 12 h from 21:00 CET ends at 10:00 CEST
                row("Berlin 12 h shifts across the switch", BERLIN_12H, "2026-03-29T07:59:00Z",
                        "alice", "2026-03-28T20:00:00Z", "2026-03-29T08:00:00Z"),
                row("Berlin 12 h shifts, the next one", BERLIN_12H, "2026-03-29T08:00:00Z",
                        "bob", "2026-03-29T08:00:00Z", "2026-03-29T20:00:00Z"),
                // weekly keeps Monday 09:00 local: 167 h over the spring switch, 169 h over the fall one
                row("Berlin weekly across spring", BERLIN_WEEKLY, "2026-03-30T06:59:59Z",
                        "alice", "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"),
                row("Berlin weekly, Monday 09:00 CEST", BERLIN_WEEKLY, "2026-03-30T07:00:00Z",
                        "bob", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"),
                row("Berlin fortnightly (336 h = two calendar weeks)", BERLIN_FORTNIGHTLY, "2026-04-01T00:00:00Z",
                        "alice", "2026-03-23T08:00:00Z", "2026-04-06T07:00:00Z"),
                row("New York weekly across fall", NY_WEEKLY_FALL, "2026-11-02T13:59:59Z",
                        "alice", "2026-10-26T13:00:00Z", "2026-11-02T14:00:00Z"),
                row("far in the future the rotation still counts right", BERLIN_WEEKLY, "2031-01-06T08:30:00Z",
                        // 2031-01-06 is a Monday, 250 weeks after 2026-03-23 (even: alice)
                        "alice", "2031-01-06T08:00:00Z", "2031-01-13T08:00:00Z"));
    }

    // UTC, daily alice/bob handing off at 09:00, overrides that overlap each other and the handoff.
    static final Schedule OVERRIDES = schedule("UTC",
            List.of(layer("daily", null, "2026-06-01T09:00:00Z", AB)),
            override("frank", "2026-05-31T20:00:00Z", "2026-05-31T22:00:00Z"),
            override("carol", "2026-06-01T10:00:00Z", "2026-06-01T14:00:00Z"),
            override("dave", "2026-06-01T12:00:00Z", "2026-06-01T16:00:00Z"),
            override("alice", "2026-06-01T17:00:00Z", "2026-06-01T18:00:00Z"),
            override("erin", "2026-06-02T08:00:00Z", "2026-06-02T10:00:00Z"));

    static Stream<Arguments> overrides() {
        return Stream.of(
                row("the layer until the first override", OVERRIDES, "2026-06-01T09:30:00Z",
                        "alice", "2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z"),
                row("carol until the later override starts", OVERRIDES, "2026-06-01T11:00:00Z",
                        "carol", "2026-06-01T10:00:00Z", "2026-06-01T12:00:00Z"),
                row("where two overlap the later one wins", OVERRIDES, "2026-06-01T12:00:00Z",
                        "dave", "2026-06-01T12:00:00Z", "2026-06-01T16:00:00Z"),
                row("an override's end belongs to what follows", OVERRIDES, "2026-06-01T16:00:00Z",
                        "alice", "2026-06-01T16:00:00Z", "2026-06-02T08:00:00Z"),
                row("an override for whoever is on call anyway changes nothing", OVERRIDES, "2026-06-01T17:30:00Z",
                        "alice", "2026-06-01T16:00:00Z", "2026-06-02T08:00:00Z"),
                row("an override across a handoff", OVERRIDES, "2026-06-02T09:00:00Z",
                        "erin", "2026-06-02T08:00:00Z", "2026-06-02T10:00:00Z"),
                row("after it, the next shift", OVERRIDES, "2026-06-02T10:00:00Z",
                        "bob", "2026-06-02T10:00:00Z", "2026-06-03T09:00:00Z"),
                row("an override before the first handoff", OVERRIDES, "2026-05-31T21:00:00Z",
                        "frank", "2026-05-31T20:00:00Z", "2026-05-31T22:00:00Z"),
                row("before the first handoff and outside overrides nobody", OVERRIDES, "2026-05-31T22:00:00Z",
                        null, null, null));
    }

    // Europe/Berlin in June is CEST (UTC+2). 2026-06-01 is a Monday, 06-05 a Friday, 06-06 a Saturday.
    static Schedule restricted(ScheduleSpec.Restriction... restrictions) {
        return schedule("Europe/Berlin", List.of(layer("daily", null, "2026-06-01T00:00:00Z", ALICE, restrictions)));
    }

    static final Schedule BUSINESS_HOURS = restricted(daily("09:00", "17:00"));
    static final Schedule NIGHTS = restricted(daily("22:00", "06:00"));
    static final Schedule WEEKEND = restricted(weekly("friday", "17:00", "monday", "09:00"));
    static final Schedule WORK_WEEK = restricted(weekly("monday", "09:00", "friday", "17:00"));
    static final Schedule WEEKDAYS_9_TO_5 = restricted(daily("09:00", "17:00",
            "monday", "tuesday", "wednesday", "thursday", "friday"));
    static final Schedule FRIDAY_NIGHT = restricted(daily("22:00", "06:00", "friday"));
    static final Schedule WEEKEND_DAYS = restricted(daily("00:00", "00:00", "saturday", "sunday"));
    static final Schedule NIGHTS_OVER_SPRING = schedule("Europe/Berlin",
            List.of(layer("daily", null, "2026-03-01T00:00:00Z", ALICE, daily("22:00", "06:00"))));
    // PagerDuty's layers: a restricted night layer above a day rotation; outside its window the rotation shows
    static final Schedule NIGHT_LAYER = schedule("Europe/Berlin", List.of(
            layer("daily", null, "2026-06-01T07:00:00Z", AB),
            layer("daily", null, "2026-06-01T00:00:00Z", List.of("carol"), daily("22:00", "06:00"))));
    // a later layer starting later takes over from its first handoff on
    static final Schedule TAKEOVER = schedule("Europe/Berlin", List.of(
            layer("daily", null, "2026-06-01T07:00:00Z", AB),
            layer("daily", null, "2026-06-10T07:00:00Z", List.of("dave"))));

    static Stream<Arguments> restrictions() {
        return Stream.of(
                row("business hours, inside", BUSINESS_HOURS, "2026-06-02T08:00:00Z",
                        "alice", "2026-06-02T07:00:00Z", "2026-06-02T15:00:00Z"),
                row("business hours, 17:00 is outside", BUSINESS_HOURS, "2026-06-02T15:00:00Z", null, null, null),
                row("business hours, a second before 09:00", BUSINESS_HOURS, "2026-06-02T06:59:59Z", null, null, null),
                row("nights wrap midnight: 23:00", NIGHTS, "2026-06-02T21:00:00Z",
                        "alice", "2026-06-02T20:00:00Z", "2026-06-03T04:00:00Z"),
                row("nights wrap midnight: 05:59 the next day", NIGHTS, "2026-06-03T03:59:00Z",
                        "alice", "2026-06-02T20:00:00Z", "2026-06-03T04:00:00Z"),
                row("nights: 06:00 is outside", NIGHTS, "2026-06-03T04:00:00Z", null, null, null),
                row("nights: noon is outside", NIGHTS, "2026-06-03T10:00:00Z", null, null, null),
                row("the weekend wraps the week: Saturday", WEEKEND, "2026-06-06T10:00:00Z",
                        "alice", "2026-06-05T15:00:00Z", "2026-06-08T07:00:00Z"),
                row("the weekend: Monday 08:59", WEEKEND, "2026-06-08T06:59:00Z",
                        "alice", "2026-06-05T15:00:00Z", "2026-06-08T07:00:00Z"),
                row("the weekend: Wednesday is outside", WEEKEND, "2026-06-03T10:00:00Z", null, null, null),
                row("monday 09:00 to friday 17:00 is one window: Wednesday 03:00", WORK_WEEK, "2026-06-03T01:00:00Z",
                        "alice", "2026-06-01T07:00:00Z", "2026-06-05T15:00:00Z"),
                row("... and Saturday is outside it", WORK_WEEK, "2026-06-06T10:00:00Z", null, null, null),
                row("weekdays 9-5: Friday", WEEKDAYS_9_TO_5, "2026-06-05T10:00:00Z",
                        "alice", "2026-06-05T07:00:00Z", "2026-06-05T15:00:00Z"),
                row("weekdays 9-5: Saturday is outside", WEEKDAYS_9_TO_5, "2026-06-06T10:00:00Z", null, null, null),
                row("a Friday night window runs into Saturday", FRIDAY_NIGHT, "2026-06-06T03:00:00Z",
                        "alice", "2026-06-05T20:00:00Z", "2026-06-06T04:00:00Z"),
                row("... but Saturday night is outside", FRIDAY_NIGHT, "2026-06-06T21:00:00Z", null, null, null),
                row("whole weekend days touch and read as one stretch", WEEKEND_DAYS, "2026-06-06T10:00:00Z",
                        "alice", "2026-06-05T22:00:00Z", "2026-06-07T22:00:00Z"),
                row("the night of the spring switch is 7 h", NIGHTS_OVER_SPRING, "2026-03-29T00:00:00Z",
                        "alice", "2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z"),
                row("a restricted upper layer in its window", NIGHT_LAYER, "2026-06-01T21:00:00Z",
                        "carol", "2026-06-01T20:00:00Z", "2026-06-02T04:00:00Z"),
                row("outside its window the lower layer shows through", NIGHT_LAYER, "2026-06-02T04:00:00Z",
                        "alice", "2026-06-02T04:00:00Z", "2026-06-02T07:00:00Z"),
                row("the lower layer by day", NIGHT_LAYER, "2026-06-01T12:00:00Z",
                        "alice", "2026-06-01T07:00:00Z", "2026-06-01T20:00:00Z"),
                row("before the upper layer's first handoff the lower one answers", TAKEOVER, "2026-06-09T12:00:00Z",
                        "alice", "2026-06-09T07:00:00Z", "2026-06-10T07:00:00Z"),
                row("from it, the upper layer, for good (no change within the horizon)", TAKEOVER,
                        "2026-06-10T07:00:00Z", "dave", "2026-06-10T07:00:00Z", null));
    }

    static Arguments row(String name, Schedule schedule, String at, String user, String from, String to) {
        return arguments(name, schedule, at, user, from, to);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"dstAndHandoffs", "overrides", "restrictions"})
    void whoIsOnCallAndFromWhenToWhen(String name, Schedule schedule, String at, String user, String from, String to) {
        Instant t = Instant.parse(at);
        Optional<Shift> shift = OnCall.at(schedule, t);
        assertEquals(Optional.ofNullable(user), OnCall.userAt(schedule, t), "userAt");
        if (user == null) {
            assertTrue(shift.isEmpty(), "nobody on call, got " + shift);
            return;
        }
        assertEquals(new Shift(user, from == null ? null : Instant.parse(from), to == null ? null : Instant.parse(to)),
                shift.orElseThrow());
    }

    @Test
    void aSingleUserRotationHasNoEndWithinTheHorizonAndStartsAtItsFirstHandoff() {
        Schedule s = schedule("UTC", List.of(layer("hourly", null, "2026-01-01T00:00:00Z", ALICE)));
        assertEquals(new Shift("alice", Instant.parse("2026-01-01T00:00:00Z"), null),
                OnCall.at(s, Instant.parse("2026-06-01T00:00:00Z")).orElseThrow());
        // more than the horizon after its start, the start is beyond what the answer looks back to
        assertEquals(new Shift("alice", null, null),
                OnCall.at(s, Instant.parse("2026-01-01T00:00:00Z").plus(OnCall.HORIZON).plus(Duration.ofDays(1)))
                        .orElseThrow());
    }

    @Test
    void windowsThatTileTheDayReadAsOneStretch() {
        // twenty restrictions (the most a layer takes) that together cover every hour: the answer never changes
        ScheduleSpec.Restriction[] tiles = new ScheduleSpec.Restriction[ScheduleRules.MAX_RESTRICTIONS];
        for (int h = 0; h < tiles.length - 1; h++) {
            tiles[h] = daily(String.format("%02d:00", h), String.format("%02d:00", h + 1));
        }
        tiles[tiles.length - 1] = daily("19:00", "00:00");
        Schedule s = schedule("Europe/Berlin", List.of(layer("hourly", null, "2026-01-01T00:00:00Z", ALICE, tiles)));
        assertEquals(new Shift("alice", Instant.parse("2026-01-01T00:00:00Z"), null),
                OnCall.at(s, Instant.parse("2026-06-01T00:00:00Z")).orElseThrow());
    }

    @Test
    void nextFindsWhoComesOnCallAfterAGap() {
        assertEquals(new Shift("alice", Instant.parse("2026-06-03T07:00:00Z"), Instant.parse("2026-06-03T15:00:00Z")),
                OnCall.next(BUSINESS_HOURS, Instant.parse("2026-06-02T18:00:00Z")).orElseThrow());
        assertEquals(new Shift("alice", Instant.parse("2026-03-27T08:00:00Z"), Instant.parse("2026-03-28T08:00:00Z")),
                OnCall.next(BERLIN_SPRING_DAILY, Instant.parse("2026-03-01T00:00:00Z")).orElseThrow());
    }

    @Test
    void betweenListsTheStretchesInOrderOverridesIncludedGapsLeftOut() {
        assertEquals(List.of(
                        new Shift("alice", Instant.parse("2026-06-01T09:00:00Z"), Instant.parse("2026-06-01T10:00:00Z")),
                        new Shift("carol", Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T12:00:00Z")),
                        new Shift("dave", Instant.parse("2026-06-01T12:00:00Z"), Instant.parse("2026-06-01T16:00:00Z")),
                        new Shift("alice", Instant.parse("2026-06-01T16:00:00Z"), Instant.parse("2026-06-02T08:00:00Z")),
                        new Shift("erin", Instant.parse("2026-06-02T08:00:00Z"), Instant.parse("2026-06-02T10:00:00Z")),
                        new Shift("bob", Instant.parse("2026-06-02T10:00:00Z"), Instant.parse("2026-06-03T09:00:00Z"))),
                OnCall.between(OVERRIDES, Instant.parse("2026-06-01T09:30:00Z"), Instant.parse("2026-06-02T12:00:00Z")));
        // after hours nobody: the next day's window only, the one after it starts too late
        assertEquals(List.of(new Shift("alice", Instant.parse("2026-06-03T07:00:00Z"), Instant.parse("2026-06-03T15:00:00Z"))),
                OnCall.between(BUSINESS_HOURS, Instant.parse("2026-06-02T18:00:00Z"), Instant.parse("2026-06-04T07:00:00Z")));
        Schedule alone = schedule("UTC", List.of(layer("hourly", null, "2026-01-01T00:00:00Z", ALICE)));
        assertEquals(List.of(new Shift("alice", Instant.parse("2026-01-01T00:00:00Z"), null)),
                OnCall.between(alone, Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-08T00:00:00Z")));
    }

    @Test
    void usersRotateInListOrderAndAUserMayAppearTwice() {
        Schedule s = schedule("UTC", List.of(layer("daily", null, "2026-06-01T00:00:00Z",
                List.of("alice", "bob", "alice", "carol"))));
        List<String> week = Stream.iterate(Instant.parse("2026-06-01T12:00:00Z"), t -> t.plus(Duration.ofDays(1)))
                .limit(6).map(t -> OnCall.userAt(s, t).orElseThrow()).toList();
        assertEquals(List.of("alice", "bob", "alice", "carol", "alice", "bob"), week);
    }
}
