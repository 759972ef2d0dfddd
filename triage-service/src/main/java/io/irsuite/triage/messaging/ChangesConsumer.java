package io.irsuite.triage.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.work.SafeContext;
import io.irsuite.triage.rest.ChangeRequest;
import io.irsuite.triage.service.ChangeService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changes from CI/CD pipelines and config tools on the AMQP address {@code changes}: the JSON body of
 * {@code POST /api/v1/changes}, validated the same way. A message is settled after the change (and
 * the re-triage it causes) is committed. An invalid change is rejected, which dead-letters it at once
 * (retrying cannot fix it), and counted; any other failure is nacked so the broker redelivers it.
 */
@ApplicationScoped
public class ChangesConsumer {

    static final String CHANNEL = "changes";

    private final ObjectMapper mapper;
    private final Validator validator;
    private final ChangeService changes;
    private final OutboxRelay relay;
    private final EnvelopeConsumer envelopes;
    private final MeterRegistry registry;

    public ChangesConsumer(ObjectMapper mapper, Validator validator, ChangeService changes, OutboxRelay relay,
                           EnvelopeConsumer envelopes, MeterRegistry registry) {
        this.mapper = mapper;
        this.validator = validator;
        this.changes = changes;
        this.relay = relay;
        this.envelopes = envelopes;
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<Object> message) {
        Context context = Vertx.currentContext();
        ChangeRequest request;
        try {
            request = parse(message.getPayload());
        } catch (IllegalArgumentException e) {
            return reject(message, context, e.getMessage());
        }
        return changes.record(request.facts(), request.previousVersion())
                .onItemOrFailure().transformToUni((recorded, failure) -> {
                    if (failure == null) {
                        if (!recorded.retriaged().isEmpty()) {
                            relay.kick();
                        }
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("changes message failed, the broker will redeliver: %s", failure.toString());
                    envelopes.messageFailed(CHANNEL);
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /** The change of a message body (text, bytes or JSON), validated as the HTTP API validates it. */
    ChangeRequest parse(Object payload) {
        String json;
        if (payload instanceof String s) {
            json = s;
        } else if (payload instanceof byte[] bytes) {
            json = new String(bytes, StandardCharsets.UTF_8);
        } else if (payload instanceof Buffer buffer) {
            json = buffer.toString(StandardCharsets.UTF_8);
        } else if (payload instanceof JsonObject object) {
            json = object.encode();
        } else {
            throw new IllegalArgumentException("unsupported body " + (payload == null ? "(empty)" : payload.getClass().getSimpleName()));
        }
        ChangeRequest request;
        try {
            request = mapper.readValue(json, ChangeRequest.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed change: " + e.getMessage(), e);
        }
        if (request == null) {
            throw new IllegalArgumentException("empty change");
        }
        Set<ConstraintViolation<ChangeRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.joining("; ")));
        }
        return request;
    }

    private Uni<Void> reject(Message<Object> message, Context context, String reason) {
        Log.errorf("changes message rejected (dead-lettered): %s", reason);
        registry.counter("ir.changes.rejected").increment();
        IncomingAmqpMetadata amqp = message.getMetadata(IncomingAmqpMetadata.class).orElse(null);
        if (amqp == null) {
            return Uni.createFrom().completionStage(message.nack(new IllegalArgumentException(reason)));
        }
        // settlements go back through the connection's context (proton is not thread-safe)
        SafeContext.resume(context, () -> amqp.getMessage().rejected());
        return Uni.createFrom().voidItem();
    }
}
