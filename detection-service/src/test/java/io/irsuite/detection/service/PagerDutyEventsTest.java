package io.irsuite.detection.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.Severity;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PagerDuty Events API v2 mapping onto alerts, without Quarkus. */
class PagerDutyEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    /** PagerDuty's own example trigger (Events API v2, "Send an Alert Event"), as published. */
    /** PagerDuty's published trigger example ("Send an Alert Event", Events API v2), as published. */
    static final String DOCS_TRIGGER = io.irsuite.detection.Api.pagerDutyTriggerExample();

    private static PagerDutyEvents.Event parse(String json) {
        try {
            return PagerDutyEvents.parse(JSON.readTree(json), NOW, () -> "generated-key");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String trigger(String payload) {
        return "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":" + payload + "}";
    }

    @Test
    void theDocumentedTriggerBecomesAFiringAlert() {
        PagerDutyEvents.Event event = parse(DOCS_TRIGGER);
        assertEquals(PagerDutyEvents.Action.TRIGGER, event.action());
        assertEquals("samplekeyhere", event.dedupKey());
        NormalizedAlert alert = event.alert();
        assertEquals("samplekeyhere", alert.fingerprint());
        assertEquals("pagerduty", alert.source());
        assertEquals("postgres", alert.service());
        assertEquals("deploy", alert.name());
        assertEquals(AlertStatus.FIRING, alert.status());
        assertEquals(Severity.SEV4, alert.severity());
        assertEquals("Example alert on host1.example.com", alert.summary());
        assertEquals(Instant.parse("2015-07-17T08:42:58.315Z"), alert.startsAt());
        assertEquals("https://example.com/", alert.dashboardUrl());
        assertEquals(Map.of("pagerduty_source",
                        "monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003",
                        "component", "postgres", "group", "prod-datapipe", "class", "deploy"),
                alert.labels());
        assertEquals("{\"ping time\":\"1500ms\",\"load avg\":0.75}", alert.description());
    }

    @ParameterizedTest
    @CsvSource({"critical,SEV1", "error,SEV2", "warning,SEV3", "info,SEV4"})
    void severitiesMapOntoOurs(String pagerDuty, Severity ours) {
        assertEquals(ours, parse(trigger("{\"summary\":\"s\",\"source\":\"host-1\",\"severity\":\"" + pagerDuty
                + "\"}")).alert().severity());
    }

    @Test
    void withoutComponentAndClassTheServiceIsTheSourceAndTheNameIsFixed() {
        PagerDutyEvents.Event event = parse(trigger("{\"summary\":\"disk full\",\"source\":\"db-7.example.com\","
                + "\"severity\":\"error\"}"));
        assertEquals("db-7.example.com", event.alert().service());
        assertEquals(PagerDutyEvents.DEFAULT_NAME, event.alert().name());
        assertEquals("generated-key", event.dedupKey());
        assertEquals("generated-key", event.alert().fingerprint());
        assertNull(event.alert().dashboardUrl());
        assertNull(event.alert().description());
        assertEquals(NOW, event.alert().startsAt());
    }

    @ParameterizedTest
    @CsvSource({
            "2015-07-17T08:42:58.315+0000, 2015-07-17T08:42:58.315Z",
            "2015-07-17T08:42:58Z, 2015-07-17T08:42:58Z",
            "2015-07-17T10:42:58+02:00, 2015-07-17T08:42:58Z",
            "2015-07-17T10:42:58.123456789+0200, 2015-07-17T08:42:58.123456789Z",
    })
    void timestampsInPagerDutysFormsAreTheStart(String timestamp, Instant expected) {
        assertEquals(expected, parse(trigger("{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\","
                + "\"timestamp\":\"" + timestamp + "\"}")).alert().startsAt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{\"href\":\"javascript:alert(1)\"},{\"href\":\"http://grafana/d/1\"}]|https://monitoring.example.com|http://grafana/d/1",
            "[{\"href\":\"ftp://files\"}]|https://monitoring.example.com|https://monitoring.example.com",
            "[{\"text\":\"no href\"}]|mailto:ops@example.com|",
            "\"not an array\"||",
    })
    void theDashboardIsTheFirstHttpLinkElseTheClientUrl(String links, String clientUrl, String expected) {
        String json = "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"links\":" + links
                + (clientUrl == null ? "" : ",\"client_url\":\"" + clientUrl + "\"")
                + ",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"}}";
        assertEquals(expected, parse(json).alert().dashboardUrl());
    }

    @Test
    void acknowledgeAndResolveNeedOnlyTheKey() {
        PagerDutyEvents.Event ack = parse("{\"routing_key\":\"k\",\"dedup_key\":\"dk\",\"event_action\":\"acknowledge\"}");
        assertEquals(PagerDutyEvents.Action.ACKNOWLEDGE, ack.action());
        assertEquals("dk", ack.fingerprint());
        assertNull(ack.alert());
        PagerDutyEvents.Event resolve = parse("{\"routing_key\":\"k\",\"dedup_key\":\"dk\",\"event_action\":\"resolve\","
                + "\"payload\":{\"summary\":\"fixed\"}}");
        assertEquals(PagerDutyEvents.Action.RESOLVE, resolve.action());
        assertEquals("fixed", resolve.summary());
    }

    @Test
    void aKeyLongerThanAFingerprintIsDigestedButAnsweredAsSent() {
        String key = "k".repeat(250);
        PagerDutyEvents.Event event = parse("{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"" + key
                + "\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"}}");
        assertEquals(key, event.dedupKey());
        assertTrue(event.alert().fingerprint().startsWith("pd-sha256-"));
        assertEquals(event.alert().fingerprint(), PagerDutyEvents.fingerprint(key));
        assertEquals("short", PagerDutyEvents.fingerprint("short"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\"}|payload|is required for a trigger",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":[]}|payload|must be an object",
            "{\"routing_key\":\"k\",\"event_action\":\"page\",\"dedup_key\":\"d\"}|event_action|must be one of trigger, acknowledge, resolve",
            "{\"routing_key\":\"k\",\"dedup_key\":\"d\"}|event_action|is required (trigger, acknowledge or resolve)",
            "{\"routing_key\":\"k\",\"event_action\":7}|event_action|must be a string",
            "{\"routing_key\":\"k\",\"event_action\":\"resolve\"}|dedup_key|is required for acknowledge and resolve",
            "{\"routing_key\":\"k\",\"event_action\":\"acknowledge\",\"dedup_key\":\" \"}|dedup_key|is required for acknowledge and resolve",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"source\":\"h\",\"severity\":\"info\"}}|payload.summary|is required",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"severity\":\"info\"}}|payload.source|is required",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\"}}|payload.severity|is required",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"high\"}}|payload.severity|must be one of critical, error, warning, info",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":5,\"source\":\"h\",\"severity\":\"info\"}}|payload.summary|must be a string",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\",\"timestamp\":\"yesterday\"}}|payload.timestamp|must be an ISO 8601 timestamp with an offset (2015-07-17T08:42:58.315+0000)",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\",\"class\":[1]}}|payload.class|must be a string",
    })
    void invalidEventsNameTheField(String json, String field, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(json));
        assertEquals(new FieldError(field, message), e.errors().get(0), e.errors().toString());
    }

    @Test
    void aLongServiceIsNamedByTheFieldItCameFrom() {
        String longName = "s".repeat(201);
        InvalidInputException component = assertThrows(InvalidInputException.class, () -> parse(trigger(
                "{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\",\"component\":\"" + longName + "\"}")));
        assertEquals("payload.component", component.errors().get(0).field());
        InvalidInputException source = assertThrows(InvalidInputException.class, () -> parse(trigger(
                "{\"summary\":\"s\",\"source\":\"" + longName + "\",\"severity\":\"info\"}")));
        assertEquals("payload.source", source.errors().get(0).field());
        InvalidInputException eventClass = assertThrows(InvalidInputException.class, () -> parse(trigger(
                "{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\",\"class\":\"" + longName + "\"}")));
        assertEquals("payload.class", eventClass.errors().get(0).field());
        InvalidInputException key = assertThrows(InvalidInputException.class, () -> parse(
                "{\"routing_key\":\"k\",\"event_action\":\"resolve\",\"dedup_key\":\"" + "d".repeat(256) + "\"}"));
        assertEquals("dedup_key", key.errors().get(0).field());
    }

    @Test
    void everyErrorOfAnEventIsReported() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(trigger("{}")));
        assertEquals(3, e.errors().size(), e.errors().toString());
    }

    @Test
    void httpUrls() {
        assertTrue(PagerDutyEvents.isHttpUrl("https://example.com/x?y=1"));
        assertTrue(!PagerDutyEvents.isHttpUrl("https:///nohost"));
        assertTrue(!PagerDutyEvents.isHttpUrl("data:text/html,hi"));
        JsonNode none = JSON.createObjectNode();
        assertNull(PagerDutyEvents.dashboardUrl(none));
    }
}
