package io.irsuite.detection.messaging;

import io.irsuite.platform.inbox.EnvelopeConsumer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.work.SafeContext;
import io.irsuite.detection.service.AlertIngestService;
import io.irsuite.detection.service.CloudEvents;
import io.irsuite.detection.service.DetectionMetrics;
import io.irsuite.detection.service.IngestResult;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alerts from AMQP publishers on the {@code alerts} address: the same JSON and the same ingest
 * code as {@code POST /api/v1/alerts}, or CloudEvents of the AMQP binding whose data is such an
 * alert (structured when the content-type is {@code application/cloudevents+json} or the batch
 * format, binary when the application properties carry {@code cloudEvents:specversion}; the
 * connector's own CloudEvents support is off on this channel so that both share the HTTP endpoint's
 * rules). The message is settled only after the alerts are committed.
 * An invalid alert is rejected (the broker dead-letters it at once: retrying cannot fix it);
 * any other failure is nacked as modified-failed so the broker redelivers it.
 */
@ApplicationScoped
public class AlertsConsumer {

    static final String CHANNEL = "alerts";

    private final AlertIngestService ingest;
    private final ObjectMapper mapper;
    private final DetectionMetrics metrics;
    private final EnvelopeConsumer envelopes;
    private final CloudEvents cloudEvents;

    public AlertsConsumer(AlertIngestService ingest, ObjectMapper mapper, DetectionMetrics metrics,
                          EnvelopeConsumer envelopes, CloudEvents cloudEvents) {
        this.ingest = ingest;
        this.mapper = mapper;
        this.metrics = metrics;
        this.envelopes = envelopes;
        this.cloudEvents = cloudEvents;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<Object> message) {
        // settlements go back through the connection's context (proton is not thread-safe)
        Context context = Vertx.currentContext();
        IncomingAmqpMetadata amqp = message.getMetadata(IncomingAmqpMetadata.class).orElse(null);
        String contentType = amqp == null ? null : amqp.getContentType();
        CloudEventProperties ce = CloudEventProperties.of(amqp == null ? null : amqp.getProperties());
        Uni<IngestResult> result;
        try {
            result = switch (CloudEvents.mode(contentType, ce.attributes().containsKey("specversion"))) {
                case NONE -> ingest.ingest(toJson(message.getPayload()), AlertIngestService.SOURCE_AMQP);
                case STRUCTURED -> cloudEvents.ingest(
                        cloudEvents.structured(toJson(message.getPayload())), AlertIngestService.SOURCE_AMQP);
                case BATCH -> cloudEvents.ingest(
                        cloudEvents.batch(toJson(message.getPayload())), AlertIngestService.SOURCE_AMQP);
                case BINARY -> cloudEvents.ingest(cloudEvents.binary(ce.attributes(), ce.prefix(), "content-type",
                        contentType, CloudEvents.isJson(contentType) ? toJson(message.getPayload()) : null),
                        AlertIngestService.SOURCE_AMQP);
                case UNSUPPORTED_FORMAT -> throw new IllegalArgumentException("content-type " + contentType
                        + " is a CloudEvents format this consumer cannot read (it reads " + CloudEvents.STRUCTURED
                        + " and " + CloudEvents.BATCH + ")");
            };
        } catch (IllegalArgumentException | InvalidInputException e) {
            metrics.alertRejected(AlertIngestService.SOURCE_AMQP);
            return reject(message, context, e.getMessage());
        }
        return envelopes.whileDatabaseUnavailable(CHANNEL, result)
                .onItemOrFailure().transformToUni((accepted, failure) -> {
                    if (failure == null) {
                        Log.debugf("alerts message accepted: %s", accepted.alerts());
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (failure instanceof InvalidInputException invalid) {
                        return reject(message, context, invalid.getMessage());
                    }
                    Log.warnf("alerts message failed (delivery %d), the broker will redeliver: %s",
                            deliveryCount(message), failure.getMessage());
                    envelopes.messageFailed(CHANNEL);
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * The CloudEvents attributes of a binary-mode message: application properties named
     * {@code cloudEvents:<attribute>} (the AMQP binding) or {@code cloudEvents_<attribute>} (JMS style);
     * a timestamp ({@code time}) becomes its RFC 3339 text.
     */
    record CloudEventProperties(Map<String, String> attributes, String prefix) {

        static CloudEventProperties of(JsonObject properties) {
            Map<String, String> attributes = new LinkedHashMap<>();
            String prefix = CloudEvents.AMQP_PREFIXES.get(0);
            if (properties == null) {
                return new CloudEventProperties(attributes, prefix);
            }
            for (Map.Entry<String, Object> property : properties.getMap().entrySet()) {
                for (String candidate : CloudEvents.AMQP_PREFIXES) {
                    String name = property.getKey();
                    if (name.length() > candidate.length() && name.regionMatches(true, 0, candidate, 0, candidate.length())
                            && property.getValue() != null) {
                        String attribute = name.substring(candidate.length()).toLowerCase(Locale.ROOT);
                        attributes.putIfAbsent(attribute, text(property.getValue()));
                        if (attribute.equals("specversion")) {
                            prefix = name.substring(0, candidate.length());
                        }
                    }
                }
            }
            return new CloudEventProperties(attributes, prefix);
        }

        private static String text(Object value) {
            if (value instanceof Date date) {
                return date.toInstant().toString();
            }
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            return value.toString();
        }
    }

    /** Converts whatever the connector made of the body (text, bytes, JSON, list, map) to JSON. */
    JsonNode toJson(Object payload) {
        try {
            if (payload == null) {
                throw new IllegalArgumentException("empty message body");
            }
            if (payload instanceof String s) {
                return mapper.readTree(s);
            }
            if (payload instanceof byte[] bytes) {
                return mapper.readTree(new String(bytes, StandardCharsets.UTF_8));
            }
            if (payload instanceof io.vertx.core.buffer.Buffer buffer) {
                return mapper.readTree(buffer.toString(StandardCharsets.UTF_8));
            }
            if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
                return mapper.readTree(buffer.toString(StandardCharsets.UTF_8.name()));
            }
            if (payload instanceof JsonObject json) {
                return mapper.readTree(json.encode());
            }
            if (payload instanceof JsonArray json) {
                return mapper.readTree(json.encode());
            }
            if (payload instanceof Map<?, ?> || payload instanceof List<?>) {
                return mapper.valueToTree(payload);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported body type " + payload.getClass().getSimpleName());
    }

    private Uni<Void> reject(Message<Object> message, Context context, String reason) {
        Log.errorf("alerts message rejected (dead-lettered): %s", reason);
        IncomingAmqpMetadata amqp = message.getMetadata(IncomingAmqpMetadata.class).orElse(null);
        if (amqp == null) {
            return Uni.createFrom().completionStage(message.nack(new IllegalArgumentException(reason)));
        }
        SafeContext.resume(context, () -> amqp.getMessage().rejected());
        return Uni.createFrom().voidItem();
    }

    private static int deliveryCount(Message<Object> message) {
        return message.getMetadata(IncomingAmqpMetadata.class).map(IncomingAmqpMetadata::getDeliveryCount).orElse(0);
    }
}
