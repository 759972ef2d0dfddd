package io.irsuite.detection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.irsuite.detection.domain.AlertRules;
import io.irsuite.detection.domain.ConflictException;
import io.irsuite.detection.domain.FieldError;
import io.irsuite.detection.domain.InvalidInputException;
import io.irsuite.detection.domain.ResourceNotFoundException;
import io.irsuite.detection.service.JsonPaths;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Every error as {@code application/problem+json}; nothing internal (class names, stack traces) leaks. */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";

    private final ObjectMapper mapper;

    public ProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return problem(400, "Invalid input", e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return problem(400, "Invalid input", AlertRules.summary(errors), uri, errors);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return jsonMapping(jme, uri);
        }
        return problem(400, "Bad Request", "malformed JSON", uri, null);
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFoundException e, UriInfo uri) {
        return problem(404, "Not Found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return problem(409, "Conflict", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(Exception e, UriInfo uri) {
        return Response.fromResponse(problem(401, "Unauthorized", "a valid bearer token is required", uri, null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", "this token lacks the role this operation needs", uri, null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return jsonMapping(jme, uri);
        }
        if (cause instanceof JsonProcessingException) {
            return problem(400, "Bad Request", "malformed JSON", uri, null);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        Response problem = problem(status, title, title, uri, null);
        // keep what the original response said about allowed methods or media types
        Response.ResponseBuilder builder = Response.fromResponse(problem);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s", id, uri == null ? "?" : uri.getPath());
        return problem(500, "Internal Server Error", "unexpected error, logged as " + id, uri, null);
    }

    private Response jsonMapping(JsonMappingException e, UriInfo uri) {
        FieldError error = JsonPaths.fieldError(e);
        if (error.field().isEmpty()) {
            return problem(400, "Bad Request", "the request body has the wrong shape: " + error.message(), uri, null);
        }
        return problem(400, "Invalid input", AlertRules.summary(List.of(error)), uri, List.of(error));
    }

    /** The property path without the method and parameter prefix: {@code by}, {@code alerts[0].labels}. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder out = new StringBuilder();
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.PARAMETER || kind == ElementKind.CONSTRUCTOR
                    || kind == ElementKind.RETURN_VALUE || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private Response problem(int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(),
                errors);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + title + "\",\"status\":" + status + "}";
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
