package io.irsuite.comms.domain.oncall;

import io.irsuite.comms.domain.ChannelType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.irsuite.comms.domain.oncall.OnCallTest.daily;
import static io.irsuite.comms.domain.oncall.OnCallTest.layer;
import static io.irsuite.comms.domain.oncall.OnCallTest.override;
import static io.irsuite.comms.domain.oncall.OnCallTest.schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The simulator's arithmetic: a policy walked from an instant, level by level and walk by walk, each schedule
 * resolved when its level fires (a weekly handoff, a restricted night layer and an override all show).
 */
class EscalationPlanTest {

    // Europe/Berlin (CEST in June). Weekly alice/bob handing off Monday 07:00 local (05:00Z); erin covers nights
    // 00:00-07:00 local above them; carol overrides 05:30Z-06:00Z on Monday 2026-06-08.
    static final Schedule PRIMARY = schedule("Europe/Berlin", List.of(
                    layer("weekly", null, "2026-06-01T05:00:00Z", List.of("alice", "bob")),
                    layer("daily", null, "2026-06-01T00:00:00Z", List.of("erin"), daily("00:00", "07:00"))),
            override("carol", "2026-06-08T05:30:00Z", "2026-06-08T06:00:00Z"));
    static final Schedule LATER = schedule("UTC", List.of(layer("daily", null, "2026-07-01T00:00:00Z", List.of("zoe"))));

    static final Directory DIRECTORY = new Directory(
            Map.of("alice", new OnCallUser("alice", "alice@example.com", "https://hooks.slack.com/a", null, "UTC"),
                    "bob", new OnCallUser("bob", "bob@example.com", null, null, "UTC"),
                    "carol", new OnCallUser("carol", null, null, "https://pager.example/carol", "UTC"),
                    "dave", new OnCallUser("dave", "dave@example.com", null, null, "UTC"),
                    "erin", new OnCallUser("erin", "erin@example.com", null, null, "UTC"),
                    "zoe", new OnCallUser("zoe", "zoe@example.com", null, null, "UTC")),
            Map.of("primary", PRIMARY, "later", LATER),
            Map.of("war-room", new ChannelContact("war-room", ChannelType.slack, "https://hooks.slack.com/w")));

    static EscalationPolicy policy() {
        PolicySpec spec = new PolicySpec(List.of(
                new PolicySpec.Level(BigDecimal.ZERO, List.of(new PolicySpec.Target("schedule", "primary"))),
                new PolicySpec.Level(BigDecimal.valueOf(5), List.of(new PolicySpec.Target("schedule", "primary"),
                        new PolicySpec.Target("user", "dave"))),
                new PolicySpec.Level(BigDecimal.valueOf(10), List.of(new PolicySpec.Target("channel", "war-room"),
                        new PolicySpec.Target("schedule", "later")))),
                BigDecimal.ONE, BigDecimal.valueOf(20));
        return PolicyRules.compile("payments", spec);
    }

    /** One row: minute after the start, walk, level, user (or channel), contact, note. */
    record Row(long minute, int repeat, int level, String who, ChannelType contact, String address, String note) {
    }

    static Row row(EscalationPlan.PlannedPage p) {
        return new Row(p.after().toMinutes(), p.repeat(), p.level(), p.user() != null ? p.user() : p.channel(),
                p.contact(), p.address(), p.note());
    }

    @Test
    void aWeeklyRotationARestrictedNightLayerAndAnOverrideResolveWhenEachLevelFires() {
        Instant start = Instant.parse("2026-06-08T04:58:00Z");   // Monday 06:58 local
        List<Row> rows = EscalationPlan.of(policy(), start, DIRECTORY).pages().stream().map(EscalationPlanTest::row)
                .toList();
        String nobodyLater = "nobody is on call on schedule later (next: zoe from 2026-07-01T00:00:00Z)";
        assertEquals(List.of(
                // level 1 at once: erin's night window (until 07:00 local) covers the weekly rotation
                new Row(0, 0, 1, "erin", ChannelType.email, "erin@example.com", null),
                // level 2 five minutes later: the night window is over and Monday's handoff made it bob's week
                new Row(5, 0, 2, "bob", ChannelType.email, "bob@example.com", null),
                new Row(5, 0, 2, "dave", ChannelType.email, "dave@example.com", null),
                new Row(15, 0, 3, "war-room", ChannelType.slack, "https://hooks.slack.com/w", null),
                new Row(15, 0, 3, null, null, null, nobodyLater),
                // the repeat, 20 minutes after the last level: carol's override now wins
                new Row(35, 1, 1, "carol", ChannelType.webhook, "https://pager.example/carol", null),
                new Row(40, 1, 2, "carol", ChannelType.webhook, "https://pager.example/carol", null),
                new Row(40, 1, 2, "dave", ChannelType.email, "dave@example.com", null),
                new Row(50, 1, 3, "war-room", ChannelType.slack, "https://hooks.slack.com/w", null),
                new Row(50, 1, 3, null, null, null, nobodyLater)), rows);
    }

    @Test
    void theSamePersonReachedTwiceInOneLevelIsPagedOnceThroughEachContactMethod() {
        Instant sundayNoon = Instant.parse("2026-06-07T10:00:00Z");   // alice's week, outside erin's nights
        EscalationPolicy p = PolicyRules.compile("p", new PolicySpec(List.of(new PolicySpec.Level(null, List.of(
                new PolicySpec.Target("user", "alice"), new PolicySpec.Target("schedule", "primary")))), null, null));
        List<Row> rows = EscalationPlan.of(p, sundayNoon, DIRECTORY).pages().stream().map(EscalationPlanTest::row)
                .toList();
        assertEquals(List.of(new Row(0, 0, 1, "alice", ChannelType.email, "alice@example.com", null),
                new Row(0, 0, 1, "alice", ChannelType.slack, "https://hooks.slack.com/a", null)), rows);
    }

    @Test
    void firingsWalkTheLevelsAndTheRepeats() {
        Instant start = Instant.parse("2026-06-08T04:58:00Z");
        assertEquals(List.of(
                        new EscalationPlan.Firing(0, 1, Duration.ZERO, start),
                        new EscalationPlan.Firing(0, 2, Duration.ofMinutes(5), start.plusSeconds(300)),
                        new EscalationPlan.Firing(0, 3, Duration.ofMinutes(15), start.plusSeconds(900)),
                        new EscalationPlan.Firing(1, 1, Duration.ofMinutes(35), start.plusSeconds(2100)),
                        new EscalationPlan.Firing(1, 2, Duration.ofMinutes(40), start.plusSeconds(2400)),
                        new EscalationPlan.Firing(1, 3, Duration.ofMinutes(50), start.plusSeconds(3000))),
                EscalationPlan.firings(policy(), start));
    }

    @Test
    void aTargetThatIsGoneSaysSo() {
        EscalationPolicy p = PolicyRules.compile("p", new PolicySpec(List.of(new PolicySpec.Level(null, List.of(
                new PolicySpec.Target("channel", "deleted"), new PolicySpec.Target("user", "ghost")))), null, null));
        assertEquals(List.of("channel deleted does not exist", "user ghost does not exist"),
                EscalationPlan.of(p, Instant.parse("2026-06-08T00:00:00Z"), DIRECTORY).pages().stream()
                        .map(EscalationPlan.PlannedPage::note).toList());
    }
}
