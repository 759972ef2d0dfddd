package io.irsuite.detection.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.EventEnvelope;

/** Reads an {@link EventEnvelope} from a message body, refusing one without id or type. */
final class Envelopes {

    private Envelopes() {
    }

    static EventEnvelope parse(ObjectMapper mapper, String body) {
        if (body == null) {
            throw new IllegalArgumentException("empty message body");
        }
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(body, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event envelope: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || envelope.eventId() == null || envelope.type() == null) {
            throw new IllegalArgumentException("event envelope without eventId or type");
        }
        return envelope;
    }
}
