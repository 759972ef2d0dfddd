package io.irsuite.detection.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.service.CloudEvents;
import io.irsuite.detection.service.IngestResult;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CloudEvents 1.0 over HTTP whose {@code data} is an alert: binary mode ({@code ce-*} headers, the
 * alert as the body), structured ({@code application/cloudevents+json}) and batch
 * ({@code application/cloudevents-batch+json}). Same answer as {@code POST /api/v1/alerts}: a 202
 * once the alerts are committed.
 */
@Path("/api/v1/events")
public class CloudEventsResource {

    private final CloudEvents cloudEvents;
    private final ObjectMapper mapper;

    public CloudEventsResource(CloudEvents cloudEvents, ObjectMapper mapper) {
        this.cloudEvents = cloudEvents;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    public Uni<IngestResult> receive(@Context HttpHeaders headers, byte[] body) throws java.io.IOException {
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Map<String, String> attributes = new LinkedHashMap<>();
        List<FieldError> headerErrors = new ArrayList<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CloudEvents.HTTP_PREFIX) && !values.isEmpty()) {
                try {
                    attributes.putIfAbsent(lower.substring(CloudEvents.HTTP_PREFIX.length()),
                            CloudEvents.decodeHeader(values.get(0)));
                } catch (IllegalArgumentException e) {
                    headerErrors.add(new FieldError(lower, e.getMessage()));
                }
            }
        });
        List<NormalizedAlert> alerts;
        try {
            alerts = switch (CloudEvents.mode(contentType, attributes.containsKey("specversion"))) {
                case STRUCTURED -> cloudEvents.structured(readBody(body));
                case BATCH -> cloudEvents.batch(readBody(body));
                case UNSUPPORTED_FORMAT -> throw new NotSupportedException("the CloudEvents formats read here are "
                        + CloudEvents.STRUCTURED + " and " + CloudEvents.BATCH);
                case NONE -> throw InvalidInputException.of("ce-specversion", "is required: send a CloudEvent in "
                        + "binary mode (ce-specversion, ce-id, ce-source, ce-type headers and the alert as the body) "
                        + "or as " + CloudEvents.STRUCTURED + " or " + CloudEvents.BATCH);
                case BINARY -> {
                    if (!headerErrors.isEmpty()) {
                        throw new InvalidInputException(headerErrors);
                    }
                    JsonNode data = CloudEvents.isJson(contentType) ? cloudEvents.binaryData(body) : null;
                    yield cloudEvents.binary(attributes, CloudEvents.HTTP_PREFIX, "Content-Type", contentType, data);
                }
            };
        } catch (InvalidInputException | com.fasterxml.jackson.core.JsonProcessingException e) {
            cloudEvents.rejected(CloudEvents.SOURCE_HTTP);
            throw e;
        }
        return cloudEvents.ingest(alerts, CloudEvents.SOURCE_HTTP);
    }

    /** Strict JSON; a parse error reaches the platform's problem mapper ({@code body}, or the path of a NUL). */
    private JsonNode readBody(byte[] body) throws java.io.IOException {
        if (body == null || body.length == 0) {
            throw InvalidInputException.of("body", "is empty: a CloudEvent is required");
        }
        return mapper.readTree(body);
    }
}
