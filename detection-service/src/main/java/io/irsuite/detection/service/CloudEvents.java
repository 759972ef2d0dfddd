package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.JsonPaths;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * CloudEvents 1.0 whose {@code data} is an alert of {@code POST /api/v1/alerts}, in the content modes
 * of the HTTP and AMQP bindings: structured ({@code application/cloudevents+json}), batch
 * ({@code application/cloudevents-batch+json}) and binary (attributes as {@code ce-*} headers or
 * {@code cloudEvents:*} application properties, the alert as the body). Every mode ends in the same
 * validation: the required attributes, a JSON {@code datacontenttype}, and the alert rules of the
 * ingest path, with errors named where the sender put the value ({@code ce-id}, {@code [1].id},
 * {@code data.service}). The alert's {@code source} defaults to the event's {@code source}, its
 * {@code startsAt} to the event's {@code time}; the fingerprint is derived as for any alert, so a
 * redelivered event is a duplicate of itself and the event {@code id} is not used.
 */
@ApplicationScoped
public class CloudEvents {

    /** Entry point label of the HTTP endpoint in the ingest metrics (AMQP keeps {@code amqp}). */
    public static final String SOURCE_HTTP = "cloudevents";
    public static final String SPEC_VERSION = "1.0";
    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    /** The media type prefix of every CloudEvents event format. */
    public static final String FORMAT_PREFIX = "application/cloudevents";
    /** The HTTP binding's header prefix. */
    public static final String HTTP_PREFIX = "ce-";
    /** The AMQP binding's application-property prefix, and the JMS-style one it also allows. */
    public static final List<String> AMQP_PREFIXES = List.of("cloudEvents:", "cloudEvents_");

    /** How a content type asks for the event to be read. */
    public enum Mode { STRUCTURED, BATCH, BINARY, UNSUPPORTED_FORMAT, NONE }

    /** Parses one alert object (unprefixed errors) as {@code POST /api/v1/alerts} does. */
    @FunctionalInterface
    public interface AlertParser {
        NormalizedAlert parse(ObjectNode alert, Instant now);
    }

    private final ObjectMapper mapper;
    private final AlertParser alerts;
    private final AlertIngestService ingest;
    private final DetectionMetrics metrics;

    @Inject
    public CloudEvents(ObjectMapper mapper, AlertIngestService ingest, DetectionMetrics metrics) {
        this.mapper = mapper;
        this.ingest = ingest;
        this.metrics = metrics;
        this.alerts = (alert, now) -> ingest.parse(alert, now).get(0);
    }

    /** Without Quarkus: the envelope rules alone, with {@code alerts} standing in for the ingest path. */
    CloudEvents(ObjectMapper mapper, AlertParser alerts) {
        this.mapper = mapper;
        this.alerts = alerts;
        this.ingest = null;
        this.metrics = null;
    }

    // ---- content modes ----------------------------------------------------------------------------

    /** The mode a {@code Content-Type} selects; {@code hasBinaryAttributes} when {@code *specversion} was sent. */
    public static Mode mode(String contentType, boolean hasBinaryAttributes) {
        String media = mediaType(contentType);
        if (media != null && media.startsWith(FORMAT_PREFIX)) {
            return switch (media) {
                case STRUCTURED -> Mode.STRUCTURED;
                case BATCH -> Mode.BATCH;
                default -> Mode.UNSUPPORTED_FORMAT;
            };
        }
        return hasBinaryAttributes ? Mode.BINARY : Mode.NONE;
    }

    /** The media type without parameters, lower case; null when absent. */
    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Subtype {@code json} or {@code ...+json}, parameters ignored; absent counts as JSON (the JSON format's rule). */
    public static boolean isJson(String contentType) {
        String media = mediaType(contentType);
        if (media == null) {
            return true;
        }
        int slash = media.indexOf('/');
        String subtype = slash < 0 ? "" : media.substring(slash + 1);
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    // ---- ingest ------------------------------------------------------------------------------------

    /** Validated and normalised alerts go the one ingest path; a batch of none stores nothing. */
    public Uni<IngestResult> ingest(List<NormalizedAlert> normalized, String source) {
        return normalized.isEmpty() ? Uni.createFrom().item(new IngestResult(List.of()))
                : ingest.ingestNormalized(normalized, source);
    }

    /** Counts a refused event or batch in {@code ir_alerts_rejected_total}. */
    public void rejected(String source) {
        metrics.alertRejected(source);
    }

    // ---- structured and batch ------------------------------------------------------------------------

    /** One event in the JSON format. */
    public List<NormalizedAlert> structured(JsonNode body) {
        return structured(body, Clock.now());
    }

    List<NormalizedAlert> structured(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw InvalidInputException.of("body", "must be a CloudEvent JSON object (a batch is "
                    + BATCH + ")");
        }
        return List.of(structuredOne((ObjectNode) body, "", now));
    }

    /** A JSON array of events in the JSON format; all-or-nothing, errors prefixed {@code [i]}. */
    public List<NormalizedAlert> batch(JsonNode body) {
        return batch(body, Clock.now());
    }

    List<NormalizedAlert> batch(JsonNode body, Instant now) {
        if (body == null || !body.isArray()) {
            throw InvalidInputException.of("body", "must be a JSON array of CloudEvents");
        }
        List<NormalizedAlert> out = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String prefix = "[" + i + "]";
            JsonNode event = body.get(i);
            if (!event.isObject()) {
                errors.add(new FieldError(prefix, "must be a CloudEvent JSON object"));
                continue;
            }
            try {
                out.add(structuredOne((ObjectNode) event, prefix, now));
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return out;
    }

    private NormalizedAlert structuredOne(ObjectNode event, String prefix, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        UnaryOperator<String> name = attribute -> new FieldError(attribute, "").under(prefix).field();
        Attributes attributes = new Attributes(
                stringMember(event, "specversion", name, errors), stringMember(event, "id", name, errors),
                stringMember(event, "source", name, errors), stringMember(event, "type", name, errors),
                stringMember(event, "datacontenttype", name, errors), stringMember(event, "time", name, errors));
        JsonNode data = event.get("data");
        JsonNode base64 = event.get("data_base64");
        boolean hasData = data != null;
        if (base64 != null && !base64.isNull()) {
            if (hasData) {
                errors.add(new FieldError(name.apply("data_base64"), "must not be sent together with data"));
            } else if (!base64.isTextual()) {
                errors.add(new FieldError(name.apply("data_base64"), "must be a base64 string"));
            } else {
                try {
                    data = readJson(Base64.getDecoder().decode(base64.textValue()), name.apply("data_base64"));
                } catch (IllegalArgumentException notBase64) {
                    errors.add(new FieldError(name.apply("data_base64"), "must be a base64 string"));
                } catch (InvalidInputException notJson) {
                    errors.addAll(notJson.errors());
                }
            }
        }
        return event(attributes, data, name, name.apply("datacontenttype"), name.apply("data"), errors, now);
    }

    private static String stringMember(ObjectNode event, String attribute, UnaryOperator<String> name,
                                       List<FieldError> errors) {
        JsonNode value = event.get(attribute);
        // the JSON format: a null attribute is an unset one
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name.apply(attribute), "must be a string"));
            return null;
        }
        return value.textValue();
    }

    // ---- binary --------------------------------------------------------------------------------------

    /**
     * One event in binary mode.
     *
     * @param attributes       attribute name (without prefix, lower case) to its value as sent
     * @param prefix           how the binding names an attribute ({@code ce-}, {@code cloudEvents:})
     * @param contentTypeField how the binding names the content type ({@code Content-Type})
     * @param contentType      the body's media type: the event's {@code datacontenttype}
     * @param body             the data as JSON, or null when the message had no body
     */
    public List<NormalizedAlert> binary(Map<String, String> attributes, String prefix, String contentTypeField,
                                        String contentType, JsonNode body) {
        return binary(attributes, prefix, contentTypeField, contentType, body, Clock.now());
    }

    List<NormalizedAlert> binary(Map<String, String> attributes, String prefix, String contentTypeField,
                                 String contentType, JsonNode body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        UnaryOperator<String> name = attribute -> prefix + attribute;
        Attributes parsed = new Attributes(attributes.get("specversion"), attributes.get("id"),
                attributes.get("source"), attributes.get("type"), contentType, attributes.get("time"));
        return List.of(event(parsed, body, name, contentTypeField, "data", errors, now));
    }

    /** The body of a binary-mode event as JSON; errors name {@code data}, null for an empty body. */
    public JsonNode binaryData(byte[] body) {
        return body == null || body.length == 0 ? null : readJson(body, "data");
    }

    /**
     * Decodes a {@code ce-*} header value as the HTTP binding requires: a double-quoted string is
     * unquoted, then one round of percent-decoding; a sequence that is not UTF-8 is refused.
     *
     * @throws IllegalArgumentException when the value cannot be decoded
     */
    public static String decodeHeader(String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder unquoted = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                unquoted.append(c);
            }
            value = unquoted.toString();
        }
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new IllegalArgumentException("a % must be followed by two hexadecimal digits");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a % must be followed by two hexadecimal digits");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not UTF-8");
        }
    }

    // ---- the event, whatever its mode -------------------------------------------------------------

    private record Attributes(String specversion, String id, String source, String type, String datacontenttype,
                              String time) {
    }

    private NormalizedAlert event(Attributes a, JsonNode data, UnaryOperator<String> name, String contentTypeField,
                                  String dataField, List<FieldError> errors, Instant now) {
        if (a.specversion() == null) {
            errors.add(new FieldError(name.apply("specversion"), "is required"));
        } else if (!SPEC_VERSION.equals(a.specversion().trim())) {
            errors.add(new FieldError(name.apply("specversion"), "must be " + SPEC_VERSION));
        }
        for (String attribute : new String[]{"id", "source", "type"}) {
            String value = switch (attribute) {
                case "id" -> a.id();
                case "source" -> a.source();
                default -> a.type();
            };
            if (value == null || value.isBlank()) {
                errors.add(new FieldError(name.apply(attribute), "is required"));
            }
        }
        Instant time = null;
        if (a.time() != null) {
            try {
                time = OffsetDateTime.parse(a.time().trim()).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(name.apply("time"), "must be an RFC 3339 timestamp"));
            }
        }
        if (!isJson(a.datacontenttype())) {
            errors.add(new FieldError(contentTypeField,
                    "must be a JSON media type (application/json) or absent: data is an alert object"));
        } else if (data == null || data.isNull()) {
            errors.add(new FieldError(dataField, "is required: an alert object of POST /api/v1/alerts"));
        } else if (!data.isObject()) {
            errors.add(new FieldError(dataField, "must be an alert object of POST /api/v1/alerts"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        ObjectNode alert = ((ObjectNode) data).deepCopy();
        boolean sourceFromEvent = isAbsent(alert.get("source"));
        if (sourceFromEvent) {
            alert.put("source", a.source());
        }
        if (time != null && isAbsent(alert.get("startsAt"))) {
            alert.put("startsAt", time.toString());
        }
        try {
            return alerts.parse(alert, now);
        } catch (InvalidInputException e) {
            List<FieldError> named = e.errors().stream()
                    .map(err -> sourceFromEvent && "source".equals(err.field())
                            ? new FieldError(name.apply("source"), err.message())
                            : err.under(dataField))
                    .toList();
            throw new InvalidInputException(named);
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** Strict JSON (no trailing content, no NUL), with errors named under {@code field}. */
    private JsonNode readJson(byte[] bytes, String field) {
        try {
            return mapper.readTree(bytes);
        } catch (JsonMappingException e) {
            if (JsonPaths.isTrailingContent(e)) {
                throw InvalidInputException.of(field, "has content after the JSON value");
            }
            FieldError error = JsonPaths.fieldError(e);
            throw new InvalidInputException(List.of(error.under(field)));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw InvalidInputException.of(field, "is not valid JSON" + where);
        } catch (java.io.IOException e) {
            throw InvalidInputException.of(field, "cannot be read");
        }
    }
}
