package io.irsuite.detection.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.irsuite.detection.domain.AlertInput;
import io.irsuite.detection.domain.AlertRules;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CloudEvents envelope rules (modes, attributes, data) without Quarkus. */
class CloudEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON = strict();
    /** The alert rules of the ingest path, as AlertIngestService applies them to one object. */
    private static final CloudEvents EVENTS = new CloudEvents(JSON, (alert, now) -> {
        try {
            return AlertRules.normalize(JSON.treeToValue(alert, AlertInput.class), null, now);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    });

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictJson().customize(mapper);
        return mapper;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String ALERT = "{\"service\":\"checkout\",\"name\":\"HighErrorRate\",\"severity\":\"critical\"}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/cloudevents+json|false|STRUCTURED",
            "application/cloudevents+json; charset=UTF-8|true|STRUCTURED",
            "Application/CloudEvents-Batch+JSON|false|BATCH",
            "application/cloudevents+avro|false|UNSUPPORTED_FORMAT",
            "application/json|true|BINARY",
            "|true|BINARY",
            "application/json|false|NONE",
            "|false|NONE",
    })
    void theContentTypeChoosesTheMode(String contentType, boolean binaryAttributes, CloudEvents.Mode mode) {
        assertEquals(mode, CloudEvents.mode(contentType, binaryAttributes));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|true", "application/json; charset=utf-8|true", "text/json|true",
            "application/vnd.alert+json|true", "|true", "application/xml|false", "text/plain|false",
            "application/jsonx|false",
    })
    void jsonMediaTypes(String contentType, boolean json) {
        assertEquals(json, CloudEvents.isJson(contentType));
    }

    @Test
    void aStructuredEventIsItsDataWithTheEventsSourceAndTime() {
        NormalizedAlert alert = EVENTS.structured(json("""
                {"specversion":"1.0","type":"com.example.alert","source":"/monitoring/eu","id":"A1",
                 "time":"2018-04-05T17:31:00Z","subject":null,"datacontenttype":"application/json",
                 "comexampleextension1":"value","data":%s}""".formatted(ALERT)), NOW).get(0);
        assertEquals("/monitoring/eu", alert.source());
        assertEquals("checkout", alert.service());
        assertEquals(Instant.parse("2018-04-05T17:31:00Z"), alert.startsAt());
    }

    @Test
    void theAlertsOwnSourceAndStartWin() {
        NormalizedAlert alert = EVENTS.structured(json("""
                {"specversion":"1.0","type":"t","source":"/ce","id":"1","time":"2018-04-05T17:31:00Z",
                 "data":{"source":"prometheus","service":"s","name":"n","startsAt":"2026-11-22T09:00:00Z"}}"""), NOW)
                .get(0);
        assertEquals("prometheus", alert.source());
        assertEquals(Instant.parse("2026-11-22T09:00:00Z"), alert.startsAt());
    }

    @Test
    void base64DataWithAJsonContentTypeIsRead() {
        String encoded = Base64.getEncoder().encodeToString(ALERT.getBytes(StandardCharsets.UTF_8));
        NormalizedAlert alert = EVENTS.structured(json("""
                {"specversion":"1.0","type":"t","source":"/ce","id":"1","data_base64":"%s"}""".formatted(encoded)), NOW)
                .get(0);
        assertEquals("HighErrorRate", alert.name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":" + ALERT + "}|specversion|is required",
            "{\"specversion\":\"0.3\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":" + ALERT + "}|specversion|must be 1.0",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"data\":" + ALERT + "}|id|is required",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"id\":\"1\",\"data\":" + ALERT + "}|source|is required",
            "{\"specversion\":\"1.0\",\"source\":\"/s\",\"id\":\"1\",\"data\":" + ALERT + "}|type|is required",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":7,\"data\":" + ALERT + "}|id|must be a string",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"time\":\"noon\",\"data\":" + ALERT + "}|time|must be an RFC 3339 timestamp",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\"}|data|is required: an alert object of POST /api/v1/alerts",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":null}|data|is required: an alert object of POST /api/v1/alerts",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":\"I'm just a string\"}|data|must be an alert object of POST /api/v1/alerts",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"datacontenttype\":\"application/xml\",\"data\":\"<much wow=\\\"xml\\\"/>\"}|datacontenttype|must be a JSON media type (application/json) or absent: data is an alert object",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":{\"name\":\"n\"}}|data.service|is required",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":{\"service\":\"s\",\"name\":\"n\",\"severity\":\"loud\"}}|data.severity|must be one of critical, high, warning, info, SEV1-SEV4, P0-P4",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data_base64\":\"***\"}|data_base64|must be a base64 string",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data_base64\":\"e30=\",\"data\":{}}|data_base64|must not be sent together with data",
            "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data_base64\":\"bm90IGpzb24=\"}|data_base64|is not valid JSON",
    })
    void invalidStructuredEventsNameTheField(String event, String field, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EVENTS.structured(json(event), NOW));
        assertEquals(field, e.errors().get(0).field(), e.errors().toString());
        assertTrue(e.errors().get(0).message().startsWith(message), e.errors().toString());
    }

    @Test
    void aDefaultedSourceThatBreaksTheRulesIsNamedAsTheAttribute() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EVENTS.structured(json("""
                {"specversion":"1.0","type":"t","source":"%s","id":"1","data":%s}""".formatted("s".repeat(201), ALERT)),
                NOW));
        assertEquals("source", e.errors().get(0).field());
    }

    @Test
    void aBatchIsAllOrNothingAndNamesTheEvent() {
        String good = "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"1\",\"data\":" + ALERT + "}";
        assertEquals(2, EVENTS.batch(json("[" + good + "," + good + "]"), NOW).size());
        assertEquals(List.of(), EVENTS.batch(json("[]"), NOW));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EVENTS.batch(json("[" + good
                + ",{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"id\":\"2\",\"data\":{\"name\":\"n\"}}"
                + ",{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\",\"data\":" + ALERT + "},7]"), NOW));
        assertEquals(List.of("[1].data.service", "[2].id", "[3]"), e.errors().stream().map(FieldError::field).toList());
        assertThrows(InvalidInputException.class, () -> EVENTS.batch(json("{}"), NOW));
        assertThrows(InvalidInputException.class, () -> EVENTS.structured(json("[]"), NOW));
    }

    @Test
    void binaryModeNamesTheHeaders() {
        Map<String, String> attributes = Map.of("specversion", "1.0", "id", "1", "source", "/s", "type", "t");
        NormalizedAlert alert = EVENTS.binary(attributes, "ce-", "Content-Type", "application/json",
                EVENTS.binaryData(ALERT.getBytes(StandardCharsets.UTF_8)), NOW).get(0);
        assertEquals("/s", alert.source());

        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> EVENTS.binary(
                Map.of("specversion", "1.0", "source", "/s", "type", "t"), "ce-", "Content-Type", null,
                json(ALERT), NOW));
        assertEquals("ce-id", missing.errors().get(0).field());
        InvalidInputException amqp = assertThrows(InvalidInputException.class, () -> EVENTS.binary(
                Map.of("specversion", "2.0", "id", "1", "source", "/s", "type", "t"), "cloudEvents:", "content-type",
                "text/plain", null, NOW));
        assertEquals(List.of("cloudEvents:specversion", "content-type"),
                amqp.errors().stream().map(FieldError::field).toList());
        InvalidInputException empty = assertThrows(InvalidInputException.class, () -> EVENTS.binary(attributes, "ce-",
                "Content-Type", "application/json", EVENTS.binaryData(new byte[0]), NOW));
        assertEquals("data", empty.errors().get(0).field());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"service\":\"s\",\"name\":\"n\"} {}|data|has content after the JSON value",
            "{\"service\":|data|is not valid JSON",
            "{\"service\":\"s\",\"name\":\"a\\u0000b\"}|data.name|must not contain the NUL character (\\u0000)",
    })
    void binaryDataIsStrictJson(String body, String field, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EVENTS.binaryData(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(field, e.errors().get(0).field(), e.errors().toString());
        assertTrue(e.errors().get(0).message().startsWith(message), e.errors().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/mycontext/subcontext|/mycontext/subcontext",
            "Euro%20%E2%82%AC%20%F0%9F%98%80|Euro \u20ac \ud83d\ude00",
            "%e2%82%ac|\u20ac",
            "\"quoted \\\"value\\\"\"|quoted \"value\"",
            "100%25|100%",
    })
    void headerValuesArePercentDecoded(String raw, String decoded) {
        assertEquals(decoded, CloudEvents.decodeHeader(raw));
    }

    @ParameterizedTest
    @CsvSource({"%C0%A0", "%E2%82", "%zz", "50%"})
    void invalidPercentEncodingIsRefused(String raw) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CloudEvents.decodeHeader(raw)).getMessage()
                .length() > 0);
    }
}
