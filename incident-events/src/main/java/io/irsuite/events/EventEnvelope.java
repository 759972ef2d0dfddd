package io.irsuite.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope every event on {@link Addresses#INCIDENT_EVENTS} and
 * {@link Addresses#CATALOG_EVENTS} travels in. {@code payload} is the JSON of the record named by
 * {@code type} (see {@link EventType}); consumers read it with {@code ObjectMapper.treeToValue}.
 * Consumers ignore fields they do not know, so adding a field is not a breaking change; a breaking
 * change to a payload bumps its type's {@code schemaVersion} ({@link EventType#schemaVersion()}).
 *
 * @param eventId       unique id of this event, the consumers' idempotency key
 * @param type          one of {@link EventType}'s names
 * @param incidentId    the incident this event belongs to, null for catalog events
 * @param occurredAt    when the producer decided it
 * @param producer      the producing service ({@code detection}, {@code triage}, ...)
 * @param schemaVersion version of the payload schema for this type
 * @param payload       the event's record as JSON
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope(UUID eventId, String type, UUID incidentId, Instant occurredAt,
                            String producer, int schemaVersion, JsonNode payload) {
}
