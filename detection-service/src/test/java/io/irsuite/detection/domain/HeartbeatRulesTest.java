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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeartbeatRulesTest {

    private static final Instant SET_UP = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void appliesDefaults() {
        HeartbeatRules.Definition d = HeartbeatRules.define("nightly-backup", " backups ", 300, null, null);
        assertEquals(new HeartbeatRules.Definition("backups", 300, 0, Severity.SEV3), d);
        assertEquals(Severity.SEV1, HeartbeatRules.define("a", "s", 1, 0, "critical").severity());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // case                     | name          | service | interval | grace   | severity | field
            "name with a slash          | a/b           | s       | 60       | 0       | null     | name",
            "blank name                 | ''            | s       | 60       | 0       | null     | name",
            "missing service            | n             | null    | 60       | 0       | null     | service",
            "blank service              | n             | '  '    | 60       | 0       | null     | service",
            "missing interval           | n             | s       | null     | 0       | null     | intervalSeconds",
            "zero interval              | n             | s       | 0        | 0       | null     | intervalSeconds",
            "negative interval          | n             | s       | -5       | 0       | null     | intervalSeconds",
            "interval over seven days   | n             | s       | 604801   | 0       | null     | intervalSeconds",
            "interval of seven days     | n             | s       | 604800   | 0       | null     | none",
            "negative grace             | n             | s       | 60       | -1      | null     | graceSeconds",
            "unknown severity           | n             | s       | 60       | 0       | doom     | severity",
            "dots, dashes, underscores  | A.b_c-9       | s       | 60       | 0       | P1       | none",
    })
    void namesTheOffendingField(String ignored, String name, String service, Integer interval, Integer grace,
                                String severity, String field) {
        if ("none".equals(field)) {
            HeartbeatRules.define(name, service, interval, grace, severity);
            return;
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> HeartbeatRules.define(name, service, interval, grace, severity));
        assertEquals(List.of(field), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void nameIsAtMostOneHundredCharacters() {
        HeartbeatRules.define("x".repeat(100), "s", 1, 0, null);
        assertThrows(InvalidInputException.class, () -> HeartbeatRules.define("x".repeat(101), "s", 1, 0, null));
    }

    @Test
    void aMissedHeartbeatSaysHowLongItHasBeenSilent() {
        Instant lastPing = SET_UP.plusSeconds(60);
        Heartbeat h = heartbeat(lastPing, 240, 60);
        Instant now = lastPing.plusSeconds(301);
        RaisedAlert a = HeartbeatRules.missed(h, now);
        assertEquals("heartbeat:nightly", a.fingerprint());
        assertEquals("heartbeat", a.source());
        assertEquals("HeartbeatMissed", a.name());
        assertEquals("backups", a.service());
        assertEquals(AlertStatus.FIRING, a.status());
        assertEquals("no ping from nightly for 5m1s", a.summary());
        assertEquals("heartbeat nightly of backups expects a ping every 4m (grace 1m); last ping at "
                + lastPing, a.description());
        assertEquals(Map.of("heartbeat", "nightly"), a.labels());
        assertEquals(lastPing.plusSeconds(240), a.startsAt(), "first evidence: when the ping was due");
        assertNull(a.endsAt());
    }

    @Test
    void aHeartbeatNeverPingedCountsFromItsSetUp() {
        RaisedAlert a = HeartbeatRules.missed(heartbeat(null, 60, 0), SET_UP.plusSeconds(61));
        assertEquals("no ping from nightly for 1m1s", a.summary());
        assertEquals("heartbeat nightly of backups expects a ping every 1m; never pinged since it was set up at "
                + SET_UP, a.description());
        assertEquals(SET_UP.plusSeconds(60), a.startsAt());
    }

    @Test
    void theRaisedAlertPassesTheAlertRules() {
        NormalizedAlert n = HeartbeatRules.missed(heartbeat(null, 60, 0), SET_UP.plusSeconds(61))
                .normalized(SET_UP.plusSeconds(62));
        assertEquals("heartbeat:nightly", n.fingerprint());
        assertEquals(Severity.SEV3, n.severity());
        assertEquals("nightly", n.labels().get("heartbeat"));
    }

    private static Heartbeat heartbeat(Instant lastPing, int interval, int grace) {
        return new Heartbeat("nightly", "backups", interval, grace, Severity.SEV3, Heartbeat.State.OK, lastPing,
                lastPing == null ? 0 : 1, null, null, SET_UP, SET_UP);
    }
}
