package io.irsuite.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.platform.config.PlatformConfig;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every error of every service as {@code application/problem+json} (RFC 9457); nothing internal
 * (class names, stack traces) leaks. Bad input is a 4xx naming the field, never a 500.
 */
public class ProblemMappers {

    /** PostgreSQL's "invalid byte sequence" and "unsupported Unicode escape": text it cannot store (NUL). */
    private static final Set<String> UNSTORABLE_TEXT = Set.of("22021", "22P05");
    private static final String UNIQUE_VIOLATION = "23505";

    private final ObjectMapper mapper;
    private final long retryAfterSeconds;

    public ProblemMappers(ObjectMapper mapper, PlatformConfig config) {
        this.mapper = mapper;
        this.retryAfterSeconds = Math.max(1, config.outage().retryAfter().toSeconds());
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
        return problem(400, "Invalid input", InvalidInputException.summary(errors), uri, errors);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        return json(e, uri);
    }

    /** Named on its own: Quarkus REST has a built-in mapper for exactly this type that would win otherwise. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "Not Found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return problem(409, "Conflict", e.getMessage(), uri, null);
    }

    /** Two writers created the same row at once (two first PUTs of one name): the loser may retry. */
    @ServerExceptionMapper
    public Response concurrentInsert(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        return problem(409, "Conflict", "a concurrent change won; retry the request", uri, null);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(Exception e, UriInfo uri) {
        return Response.fromResponse(problem(401, "Unauthorized",
                        "a valid bearer token is required (Authorization: Bearer <token>)", uri, null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", "this token lacks the role this operation needs", uri, null);
    }

    @ServerExceptionMapper
    public Response permissionDenied(PermissionDeniedException e, UriInfo uri) {
        return problem(403, "Forbidden", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP ") ? e.getMessage() : title;
        Response problem = problem(status, title, detail, uri, null);
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
        if (Unavailable.database(e)) {
            return databaseUnavailable(e, uri);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return concurrentInsert(null, uri);
            }
            if (t instanceof PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
                // the input checks should have caught it; still the client's input, not our failure
                Log.warnf("text the database cannot store reached %s: %s", uri == null ? "?" : uri.getPath(),
                        pg.getMessage());
                return problem(400, "Invalid input", "a text value contains a character that cannot be stored (NUL)",
                        uri, null);
            }
        }
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s", id, uri == null ? "?" : uri.getPath());
        return problem(500, "Internal Server Error", "unexpected error, logged as " + id, uri, null);
    }

    /**
     * The database is down or failing over: a 503 with {@code Retry-After}, so that clients (Alertmanager,
     * PagerDuty agents, scripts) send again later, instead of a 500 or a 202 that could not be kept.
     */
    public Response databaseUnavailable(Throwable e, UriInfo uri) {
        Log.warnf("database unavailable on %s: %s", uri == null ? "?" : uri.getPath(), e.getMessage());
        return Response.fromResponse(problem(503, "Service Unavailable",
                        "the database is unavailable; nothing was stored, retry after " + retryAfterSeconds + " s",
                        uri, null))
                .header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }

    /** The seconds a 503 asks the client to wait ({@code ir.outage.retry-after}). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private Response json(JsonProcessingException e, UriInfo uri) {
        // a body cut off inside a value: the parse error, not the binding that noticed it, is the news
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.StreamReadException syntax) {
                return malformed(syntax, uri);
            }
        }
        if (e instanceof JsonMappingException jme) {
            FieldError error = JsonPaths.fieldError(jme);
            if (!error.field().isEmpty()) {
                return problem(400, "Invalid input", InvalidInputException.summary(List.of(error)), uri,
                        List.of(error));
            }
            if (JsonPaths.isTrailingContent(jme)) {
                FieldError body = new FieldError("body", "has content after the JSON value");
                return problem(400, "Bad Request", "malformed JSON: content after the JSON value", uri, List.of(body));
            }
            if (jme instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
                return problem(400, "Bad Request", "the request body has the wrong shape: " + error.message(), uri,
                        List.of(new FieldError("body", "has the wrong shape: " + error.message())));
            }
        }
        return malformed(e, uri);
    }

    private Response malformed(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return problem(400, "Bad Request", "malformed JSON" + where, uri,
                List.of(new FieldError("body", "is not valid JSON" + where)));
    }

    /** The property path without the method and parameter prefix: {@code by}, {@code alerts[0].labels}. */
    public static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder out = new StringBuilder();
        String parameter = null;
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR
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
        // a rule on the parameter itself (a path or query parameter, or the whole body) names the parameter
        return !out.isEmpty() ? out.toString() : parameter != null && !parameter.startsWith("arg") ? parameter : "body";
    }

    /** A problem response; public so that resources answering a problem themselves use the same shape. */
    public Response problem(int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(),
                errors);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + title + "\",\"status\":" + status + "}";
        }
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
