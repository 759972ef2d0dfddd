package io.irsuite.remediation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.irsuite.remediation.domain.ConflictException;
import io.irsuite.remediation.domain.FieldError;
import io.irsuite.remediation.domain.InvalidInputException;
import io.irsuite.remediation.domain.NotFoundException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Every error as RFC 9457 {@code application/problem+json}; never a class name or a stack trace. */
public class ProblemMappers {

    private final ObjectMapper mapper;

    public ProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return problem(400, "Bad Request", "validation failed: " + summary(errors), request, errors);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, HttpServerRequest request) {
        return problem(400, "Bad Request", "validation failed: " + summary(e.errors()), request, e.errors());
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        return jackson(e, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return jackson(e, request);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return problem(404, "Not Found", e.getMessage(), request, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, HttpServerRequest request) {
        return problem(409, "Conflict", e.getMessage(), request, null);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return problem(403, "Forbidden", "this token lacks the role this operation needs", request, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        // Quarkus REST wraps unreadable JSON in a 400 WebApplicationException; report it like any parse error
        if (e.getCause() instanceof JsonProcessingException cause) {
            return jackson(cause, request);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return problem(status, title, status == 404 ? "no such resource" : title, request, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s %s", id, request.method(), request.path());
        return problem(500, "Internal Server Error", "unexpected error, logged as " + id, request, null);
    }

    private Response jackson(JsonProcessingException e, HttpServerRequest request) {
        // databind wraps low-level syntax errors (e.g. end of input inside a list) with a path: still malformed
        StreamReadException syntax = syntaxError(e);
        if (syntax != null) {
            String format = isYaml(request) ? "YAML" : "JSON";
            return problem(400, "Bad Request", "malformed " + format + ": " + location(syntax), request, null);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            String message;
            if (e instanceof InvalidFormatException format) {
                message = "cannot read " + quote(format.getValue()) + " as " + simpleType(format.getTargetType());
            } else if (e instanceof UnrecognizedPropertyException) {
                message = "unknown field";
            } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                message = "expected " + simpleType(mismatched.getTargetType());
            } else {
                message = "invalid value";
            }
            return problem(400, "Bad Request", "invalid value for " + field, request, List.of(new FieldError(field, message)));
        }
        if (e instanceof StreamReadException || !(e instanceof DatabindException)) {
            String format = isYaml(request) ? "YAML" : "JSON";
            return problem(400, "Bad Request", "malformed " + format + ": " + location(e), request, null);
        }
        return problem(400, "Bad Request", "the request body does not have the expected structure", request, null);
    }

    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return syntax;
            }
        }
        return null;
    }

    private static boolean isYaml(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.toLowerCase().contains("yaml");
    }

    private static String location(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "unreadable body";
        }
        return "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** JSON path of the bad value, e.g. {@code steps[0].expectedStatus}. */
    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The property path without the method and parameter prefix, e.g. {@code steps[0].url}. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (field.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return field.toString();
    }

    private static String summary(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String simpleType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return type.isRecord() ? "an object" : "a " + type.getSimpleName();
    }

    private Response unauthenticated(HttpServerRequest request) {
        return Response.fromResponse(problem(401, "Unauthorized", "a valid bearer token is required", request, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private Response problem(int status, String title, String detail, HttpServerRequest request, List<FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, request.path(),
                errors == null || errors.isEmpty() ? null : errors);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + title + "\",\"status\":" + status + "}";
        }
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
