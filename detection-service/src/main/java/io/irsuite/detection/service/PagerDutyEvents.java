package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.AlertInput;
import io.irsuite.detection.domain.AlertRules;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.platform.auth.ApiTokens;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.JsonPaths;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The PagerDuty Events API v2 ({@code POST /v2/enqueue}) on top of the ingest path, so that a
 * PagerDuty client works by changing only its base URL. The {@code routing_key} is an ingest (or
 * admin) token. {@code trigger} is a firing alert whose fingerprint is the {@code dedup_key};
 * {@code resolve} resolves that alert; {@code acknowledge} acknowledges the incident it belongs to.
 * Errors are {@link InvalidInputException}s naming PagerDuty's fields ({@code payload.severity}).
 */
@ApplicationScoped
public class PagerDutyEvents {

    /** The alerts' {@code source} and the entry point label in the ingest metrics. */
    public static final String SOURCE = "pagerduty";
    /** PagerDuty's size limit of an event. */
    public static final int MAX_BYTES = 512 * 1024;
    /** PagerDuty's limit of a {@code dedup_key}. */
    public static final int MAX_DEDUP_KEY = 255;
    /** The alert name of a trigger without {@code payload.class}. */
    public static final String DEFAULT_NAME = "PagerDutyEvent";
    /** Who acknowledges an incident through this API, in the IncidentAcknowledged event. */
    public static final String ACKNOWLEDGED_BY = "pagerduty";
    /** PagerDuty's own words for a routing key it does not know. */
    public static final String INVALID_ROUTING_KEY = "Invalid routing key";

    public enum Action { TRIGGER, ACKNOWLEDGE, RESOLVE }

    /**
     * One valid event.
     *
     * @param dedupKey    as sent, or generated for a trigger without one (what the answer names)
     * @param fingerprint the alert's fingerprint: the key itself, or a digest of one too long for a fingerprint
     * @param alert       the firing alert of a trigger; null otherwise
     */
    public record Event(Action action, String routingKey, String dedupKey, String fingerprint, NormalizedAlert alert,
                        String summary) {
    }

    private final ObjectMapper mapper;
    private final ApiTokens tokens;
    private final AlertIngestService ingest;
    private final IncidentService incidents;
    private final AlertPayloads payloads;
    private final DetectionMetrics metrics;

    public PagerDutyEvents(ObjectMapper mapper, ApiTokens tokens, AlertIngestService ingest, IncidentService incidents,
                           AlertPayloads payloads, DetectionMetrics metrics) {
        this.mapper = mapper;
        this.tokens = tokens;
        this.ingest = ingest;
        this.incidents = incidents;
        this.payloads = payloads;
        this.metrics = metrics;
    }

    /**
     * Reads, authenticates and applies one event; emits its {@code dedup_key} once the effect is
     * committed. Fails with an {@link InvalidInputException} for anything PagerDuty answers 400 to.
     */
    public Uni<String> enqueue(byte[] body) {
        Event event;
        try {
            JsonNode tree = read(body);
            authenticate(tree);
            event = parse(tree, Clock.now(), () -> UUID.randomUUID().toString().replace("-", ""));
        } catch (InvalidInputException e) {
            metrics.alertRejected(SOURCE);
            return Uni.createFrom().failure(e);
        }
        return switch (event.action()) {
            case TRIGGER -> ingest.ingestNormalized(List.of(event.alert()), SOURCE).replaceWith(event.dedupKey());
            case RESOLVE -> resolve(event).replaceWith(event.dedupKey());
            case ACKNOWLEDGE -> acknowledge(event).replaceWith(event.dedupKey());
        };
    }

    /** The body as one strict JSON object (nothing after it, no NUL character). */
    JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw InvalidInputException.of("body", "is empty: an event object is required");
        }
        if (body.length > MAX_BYTES) {
            throw InvalidInputException.of("body", "is larger than PagerDuty's limit of 512 KB");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonMappingException e) {
            if (JsonPaths.isTrailingContent(e)) {
                throw InvalidInputException.of("body", "has content after the JSON value");
            }
            FieldError error = JsonPaths.fieldError(e);
            throw new InvalidInputException(List.of(error.field().isEmpty()
                    ? new FieldError("body", error.message()) : error));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw InvalidInputException.of("body", "is not valid JSON" + where);
        } catch (java.io.IOException e) {
            throw InvalidInputException.of("body", "cannot be read");
        }
        if (tree == null || !tree.isObject()) {
            throw InvalidInputException.of("body", "must be an event object");
        }
        return tree;
    }

    /** The routing key must be a token with the ingest or admin role; an unknown one is PagerDuty's "Invalid routing key". */
    void authenticate(JsonNode tree) {
        JsonNode key = tree.get("routing_key");
        if (key == null || key.isNull() || (key.isTextual() && key.textValue().isBlank())) {
            throw InvalidInputException.of("routing_key", "is required");
        }
        if (!key.isTextual()) {
            throw InvalidInputException.of("routing_key", "must be a string");
        }
        Optional<ApiTokens.Entry> entry = tokens.lookup(key.textValue().trim());
        if (entry.isEmpty()) {
            throw InvalidInputException.of("", INVALID_ROUTING_KEY);
        }
        if (!entry.get().roles().contains(Roles.INGEST) && !entry.get().roles().contains(Roles.ADMIN)) {
            throw InvalidInputException.of("routing_key", "is a token without the ingest role");
        }
    }

    // ---- the mapping (pure) ------------------------------------------------------------------------

    /** The timestamp forms PagerDuty documents: ISO 8601 with {@code Z}, {@code +00:00} or {@code +0000}. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    /**
     * Maps a PagerDuty event onto an {@link Event}: for a trigger, a firing alert with source
     * {@code pagerduty}, service {@code payload.component} else {@code payload.source}, name
     * {@code payload.class} else {@value #DEFAULT_NAME}, severity critical/error/warning/info to
     * critical/high/warning/info, and the key as fingerprint.
     *
     * @param newKey the dedup_key of a trigger that has none
     */
    static Event parse(JsonNode tree, Instant now, java.util.function.Supplier<String> newKey) {
        List<FieldError> errors = new java.util.ArrayList<>();
        String routingKey = text(tree, "routing_key", "routing_key", errors);
        String actionText = text(tree, "event_action", "event_action", errors);
        Action action = null;
        if (actionText == null) {
            if (errors.stream().noneMatch(e -> e.field().equals("event_action"))) {
                errors.add(new FieldError("event_action", "is required (trigger, acknowledge or resolve)"));
            }
        } else {
            action = switch (actionText) {
                case "trigger" -> Action.TRIGGER;
                case "acknowledge" -> Action.ACKNOWLEDGE;
                case "resolve" -> Action.RESOLVE;
                default -> null;
            };
            if (action == null) {
                errors.add(new FieldError("event_action", "must be one of trigger, acknowledge, resolve"));
            }
        }
        String dedupKey = text(tree, "dedup_key", "dedup_key", errors);
        if (dedupKey != null && dedupKey.isBlank()) {
            dedupKey = null;
        }
        if (dedupKey != null && dedupKey.length() > MAX_DEDUP_KEY) {
            errors.add(new FieldError("dedup_key", "must be at most " + MAX_DEDUP_KEY + " characters"));
        }
        if (dedupKey == null && (action == Action.ACKNOWLEDGE || action == Action.RESOLVE)) {
            errors.add(new FieldError("dedup_key", "is required for acknowledge and resolve"));
        }
        if (action != Action.TRIGGER) {
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            JsonNode payload = tree.get("payload");
            String summary = payload != null && payload.isObject() && payload.path("summary").isTextual()
                    ? payload.path("summary").textValue() : null;
            return new Event(action, routingKey, dedupKey, fingerprint(dedupKey), null, summary);
        }

        JsonNode payload = tree.get("payload");
        String summary = null;
        String source = null;
        String severity = null;
        String component = null;
        String group = null;
        String eventClass = null;
        Instant startsAt = null;
        String description = null;
        if (payload == null || payload.isNull()) {
            errors.add(new FieldError("payload", "is required for a trigger"));
        } else if (!payload.isObject()) {
            errors.add(new FieldError("payload", "must be an object"));
        } else {
            summary = required(payload, "summary", errors);
            source = required(payload, "source", errors);
            String severityText = required(payload, "severity", errors);
            if (severityText != null) {
                severity = switch (severityText) {
                    case "critical" -> "critical";
                    case "error" -> "high";
                    case "warning" -> "warning";
                    case "info" -> "info";
                    default -> null;
                };
                if (severity == null) {
                    errors.add(new FieldError("payload.severity", "must be one of critical, error, warning, info"));
                }
            }
            component = blankToNull(text(payload, "component", "payload.component", errors));
            group = blankToNull(text(payload, "group", "payload.group", errors));
            eventClass = blankToNull(text(payload, "class", "payload.class", errors));
            String timestamp = text(payload, "timestamp", "payload.timestamp", errors);
            if (timestamp != null && !timestamp.isBlank()) {
                try {
                    startsAt = OffsetDateTime.parse(timestamp.trim(), TIMESTAMP).toInstant();
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError("payload.timestamp",
                            "must be an ISO 8601 timestamp with an offset (2015-07-17T08:42:58.315+0000)"));
                }
            }
            JsonNode details = payload.get("custom_details");
            if (details != null && !details.isNull()) {
                description = details.isTextual() ? details.textValue() : details.toString();
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String key = dedupKey != null ? dedupKey : newKey.get();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("pagerduty_source", source);
        putIfPresent(labels, "component", component);
        putIfPresent(labels, "group", group);
        putIfPresent(labels, "class", eventClass);
        String serviceField = component != null ? "payload.component" : "payload.source";
        AlertInput input = new AlertInput(SOURCE, component != null ? component : source,
                eventClass != null ? eventClass : DEFAULT_NAME, AlertStatus.FIRING.wire(), severity, summary,
                description, labels, startsAt, null, fingerprint(key), null, null, dashboardUrl(tree));
        try {
            return new Event(action, routingKey, key, fingerprint(key), AlertRules.normalize(input, null, now), summary);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.errors().stream().map(err -> new FieldError(switch (err.field()) {
                case "service" -> serviceField;
                case "name" -> "payload.class";
                case "severity" -> "payload.severity";
                case "fingerprint" -> "dedup_key";
                default -> err.field().startsWith("labels.") ? "payload" : err.field();
            }, err.message())).toList());
        }
    }

    /**
     * The fingerprint of a dedup_key: the key itself, or, past the alert rules' limit for a
     * fingerprint, a digest of it (PagerDuty allows 255 characters).
     */
    static String fingerprint(String dedupKey) {
        if (dedupKey.length() <= AlertRules.MAX_NAME_LENGTH) {
            return dedupKey;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dedupKey.getBytes(StandardCharsets.UTF_8));
            return "pd-sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first http(s) link, else {@code client_url} when it is one: where a responder looks first. */
    static String dashboardUrl(JsonNode tree) {
        JsonNode links = tree.get("links");
        if (links != null && links.isArray()) {
            for (JsonNode link : links) {
                if (link.isObject() && isHttpUrl(link.path("href").textValue())) {
                    return link.path("href").textValue();
                }
            }
        }
        String client = tree.path("client_url").textValue();
        return isHttpUrl(client) ? client : null;
    }

    static boolean isHttpUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String required(JsonNode payload, String member, List<FieldError> errors) {
        String field = "payload." + member;
        String value = text(payload, member, field, errors);
        if (value == null || value.isBlank()) {
            if (errors.stream().noneMatch(e -> e.field().equals(field))) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        return value;
    }

    /** A string member, null when absent or null; any other type is an error naming {@code field}. */
    private static String text(JsonNode node, String member, String field, List<FieldError> errors) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void putIfPresent(Map<String, String> labels, String key, String value) {
        if (value != null) {
            labels.put(key, value);
        }
    }

    // ---- acknowledge and resolve ------------------------------------------------------------------

    /**
     * Resolves the active alert of the key, as a resolved alert of the same source, service and name
     * would; an unknown key changes nothing (PagerDuty drops such an event too).
     */
    private Uni<Void> resolve(Event event) {
        return incidents.activeAlert(event.fingerprint())
                .onFailure(NotFoundException.class).recoverWithNull()
                .chain(row -> {
                    if (row == null) {
                        Log.debugf("PagerDuty resolve for unknown dedup_key %s: nothing to resolve", event.dedupKey());
                        return Uni.createFrom().voidItem();
                    }
                    NormalizedAlert stored = payloads.normalized(row);
                    NormalizedAlert resolved = new NormalizedAlert(stored.fingerprint(), stored.source(),
                            stored.service(), stored.name(), AlertStatus.RESOLVED, stored.severity(),
                            stored.summary(), stored.description(), stored.labels(), stored.startsAt(), null,
                            null, stored.metricsJson(), stored.runbookUrl(), stored.dashboardUrl());
                    return ingest.ingestNormalized(List.of(resolved), SOURCE).replaceWithVoid();
                });
    }

    /**
     * Acknowledges the incident of the key's alert. No alert, an alert not grouped yet, or a resolved
     * incident change nothing and still answer 202, as PagerDuty drops such an event.
     */
    private Uni<Void> acknowledge(Event event) {
        return incidents.activeAlert(event.fingerprint())
                .onFailure(NotFoundException.class).recoverWithNull()
                .chain(row -> {
                    if (row == null || row.incidentId == null) {
                        Log.debugf("PagerDuty acknowledge for dedup_key %s: no incident yet, nothing to acknowledge",
                                event.dedupKey());
                        return Uni.createFrom().voidItem();
                    }
                    String note = event.summary() != null ? event.summary()
                            : "acknowledged through the PagerDuty Events API (dedup_key " + event.dedupKey() + ")";
                    return incidents.acknowledge(row.incidentId, ACKNOWLEDGED_BY, note)
                            .onFailure(ConflictException.class).recoverWithNull()
                            .onFailure(NotFoundException.class).recoverWithNull()
                            .replaceWithVoid();
                });
    }
}
