package io.irsuite.comms.rest;

import io.irsuite.comms.domain.StatusPage;
import io.irsuite.comms.domain.StatusPageHtml;
import io.irsuite.comms.service.StatusPageService;
import io.irsuite.platform.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The status page: JSON for tools (token needed), HTML for everyone at {@code /status}. */
@Path("/")
public class StatusResource {

    private final StatusPageService statusPage;

    public StatusResource(StatusPageService statusPage) {
        this.statusPage = statusPage;
    }

    @GET
    @Path("api/v1/status")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<StatusPage> status() {
        return statusPage.current();
    }

    /** Public: no token, no script, every value escaped. */
    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    @PermitAll
    public Uni<Response> publicPage() {
        return statusPage.current().map(page -> Response.ok(StatusPageHtml.render(page), "text/html;charset=UTF-8")
                .header("Cache-Control", "max-age=15")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .build());
    }
}
