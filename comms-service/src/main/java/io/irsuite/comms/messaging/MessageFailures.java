package io.irsuite.comms.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Counts consumer failures in {@code ir_messages_failed_total{channel}}. */
@ApplicationScoped
public class MessageFailures {

    private final MeterRegistry registry;

    public MessageFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String channel) {
        registry.counter("ir_messages_failed_total", "channel", channel).increment();
    }

    /** How often the broker has delivered this message before (0 on the first delivery). */
    public static int deliveryCount(Message<?> message) {
        return message.getMetadata(IncomingAmqpMetadata.class).map(IncomingAmqpMetadata::getDeliveryCount).orElse(0);
    }
}
