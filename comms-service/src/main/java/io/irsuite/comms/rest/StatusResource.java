package io.irsuite.comms.rest;

import io.irsuite.comms.domain.StatusPageHtml;
import io.irsuite.comms.service.StatusPageService;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The status page: JSON at {@code /api/v1/status} and HTML at {@code /status}, both public and both only
 * the customer-facing view; {@code ?internal=true} on the JSON adds everything behind it, for a viewer token.
 */
@Path("/")
public class StatusResource {

    private static final String CACHE = "max-age=15";

    private final StatusPageService statusPage;
    private final CurrentIdentityAssociation identities;

    public StatusResource(StatusPageService statusPage, CurrentIdentityAssociation identities) {
        this.statusPage = statusPage;
        this.identities = identities;
    }

    /** Public (the same as the HTML page); with {@code internal=true}, authenticated and for viewers only. */
    @GET
    @Path("api/v1/status")
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    public Uni<Response> status(@QueryParam("internal") String internal) {
        if (internal == null || internal.equals("false")) {
            return statusPage.publicPage().map(page -> Response.ok(page).header("Cache-Control", CACHE).build());
        }
        if (!internal.equals("true")) {
            return Uni.createFrom().failure(InvalidInputException.of("internal", "must be true or false"));
        }
        // the token is checked only here: the route is public, and proactive authentication is off
        return identities.getDeferredIdentity().chain(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return Uni.createFrom().failure(new UnauthorizedException());
            }
            if (!identity.hasRole(Roles.VIEWER)) {
                return Uni.createFrom().failure(new ForbiddenException());
            }
            return statusPage.internalPage().map(page -> Response.ok(page).header("Cache-Control", "no-store").build());
        });
    }

    /** Public: no token, no script, every value escaped. */
    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    @PermitAll
    public Uni<Response> publicPage() {
        return statusPage.publicPage().map(page -> Response.ok(StatusPageHtml.render(page), "text/html;charset=UTF-8")
                .header("Cache-Control", CACHE)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .build());
    }
}
