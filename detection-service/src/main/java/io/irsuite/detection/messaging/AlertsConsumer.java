package io.irsuite.detection.messaging;

import io.irsuite.platform.inbox.EnvelopeConsumer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.work.SafeContext;
import io.irsuite.detection.service.AlertIngestService;
import io.irsuite.detection.service.DetectionMetrics;
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
import java.util.List;
import java.util.Map;

/**
 * Alerts from AMQP publishers on the {@code alerts} address: the same JSON and the same ingest
 * code as {@code POST /api/v1/alerts}. The message is settled only after the alerts are committed.
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

    public AlertsConsumer(AlertIngestService ingest, ObjectMapper mapper, DetectionMetrics metrics,
                          EnvelopeConsumer envelopes) {
        this.ingest = ingest;
        this.mapper = mapper;
        this.metrics = metrics;
        this.envelopes = envelopes;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<Object> message) {
        // settlements go back through the connection's context (proton is not thread-safe)
        Context context = Vertx.currentContext();
        JsonNode body;
        try {
            body = toJson(message.getPayload());
        } catch (IllegalArgumentException e) {
            metrics.alertRejected(AlertIngestService.SOURCE_AMQP);
            return reject(message, context, e.getMessage());
        }
        return ingest.ingest(body, AlertIngestService.SOURCE_AMQP)
                .onItemOrFailure().transformToUni((result, failure) -> {
                    if (failure == null) {
                        Log.debugf("alerts message accepted: %s", result.alerts());
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
