package io.irsuite.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A path or query parameter with a NUL character is a 400 naming it, before it can reach the database. */
public class NulParameters {

    private final ProblemMappers problems;

    public NulParameters(ProblemMappers problems) {
        this.problems = problems;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        List<FieldError> errors = new ArrayList<>();
        collect(uri.getPathParameters(), errors);
        collect(uri.getQueryParameters(), errors);
        return errors.isEmpty() ? null
                : problems.problem(400, "Invalid input", InvalidInputException.summary(errors), uri, errors);
    }

    private static void collect(MultivaluedMap<String, String> params, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (StrictJson.hasNul(param.getKey()) || param.getValue().stream().anyMatch(StrictJson::hasNul)) {
                errors.add(new FieldError(param.getKey().replace("\u0000", "\\u0000"), StrictJson.NUL_MESSAGE));
            }
        }
    }
}
