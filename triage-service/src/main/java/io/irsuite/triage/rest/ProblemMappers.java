package io.irsuite.triage.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.irsuite.triage.domain.Conflict;
import io.irsuite.triage.domain.InvalidField;
import io.irsuite.triage.domain.NotFound;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Every error as RFC 9457 problem+json; bad input is a 400 naming the field, never a 500. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " invalid fields";
        return problem(Response.Status.BAD_REQUEST, detail, uri, errors);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidField e, UriInfo uri) {
        return problem(Response.Status.BAD_REQUEST, e.field() + " " + e.getMessage(), uri,
                List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response invalidFields(InvalidFields e, UriInfo uri) {
        String detail = e.errors().size() == 1 ? e.errors().get(0).field() + " " + e.errors().get(0).message()
                : e.getMessage();
        return problem(Response.Status.BAD_REQUEST, detail, uri, e.errors());
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri) {
        return problem(Response.Status.NOT_FOUND, e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e, UriInfo uri) {
        return problem(Response.Status.CONFLICT, e.getMessage(), uri, null);
    }

    /** Two writers created the same row at once: the loser may simply retry. */
    @ServerExceptionMapper
    public Response constraintConflict(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        return problem(Response.Status.CONFLICT, "a concurrent change won; retry the request", uri, null);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(Response.Status.UNAUTHORIZED,
                        "a valid bearer token is required (Authorization: Bearer <token>)", uri, null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(Response.Status.FORBIDDEN, "the token lacks the role this operation needs", uri, null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // Quarkus REST wraps unreadable JSON and some mapping errors in a 400 WebApplicationException.
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json, uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String detail = type == null ? "request failed" : type.getReasonPhrase().toLowerCase();
        return problem(status, type == null ? "Error" : type.getReasonPhrase(), detail, uri, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s", id, uri == null ? "?" : uri.getPath());
        return problem(Response.Status.INTERNAL_SERVER_ERROR, "unexpected error; reference " + id, uri, null);
    }

    private static Response jsonProblem(JsonProcessingException e, UriInfo uri) {
        if (e instanceof StreamReadException || !(e instanceof DatabindException mapping)) {
            return problem(Response.Status.BAD_REQUEST, "malformed JSON", uri, null);
        }
        String field = jsonPath((JsonMappingException) mapping);
        String message = e instanceof InvalidFormatException f && f.getTargetType() != null
                ? "must be a " + describe(f.getTargetType())
                : e instanceof MismatchedInputException m && m.getTargetType() != null
                ? "must be a " + describe(m.getTargetType())
                : "has an invalid value";
        if (field.isEmpty()) {
            return problem(Response.Status.BAD_REQUEST, "the request body " + message, uri,
                    List.of(new Problem.FieldError("body", message)));
        }
        return problem(Response.Status.BAD_REQUEST, field + " " + message, uri, List.of(new Problem.FieldError(field, message)));
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "JSON array";
        }
        if (type == java.time.Instant.class) {
            return "ISO-8601 instant";
        }
        return "JSON object";
    }

    /** The JSON path of the bad value: {@code metrics.errorRate}, {@code [2].tier}, {@code dependsOn[0]}. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The property path without the method and parameter prefix: {@code kind}, {@code dependsOn[1]}, {@code [0].name}. */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder sb = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER || node.getKind() == ElementKind.CROSS_PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable()) {
                sb.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(node.getName());
            }
        }
        if (sb.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return sb.toString();
    }

    private static Response problem(Response.Status status, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return problem(status.getStatusCode(), status.getReasonPhrase(), detail, uri, errors);
    }

    private static Response problem(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
