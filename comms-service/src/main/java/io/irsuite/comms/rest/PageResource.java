package io.irsuite.comms.rest;

import io.irsuite.comms.domain.paging.PageView;
import io.irsuite.comms.service.PagingService;
import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** Pages sent by escalations (contract), and each page's one-time acknowledge link (no bearer token: the link's token). */
@Path("/api/v1/pages")
@Produces(MediaType.APPLICATION_JSON)
public class PageResource {

    private final PagingService paging;

    public PageResource(PagingService paging) {
        this.paging = paging;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<PageView>> listPages(@QueryParam("incidentId") String incidentId) {
        if (incidentId == null || incidentId.isBlank()) {
            throw InvalidInputException.of("incidentId", "is required (the incident whose pages to list)");
        }
        UUID id;
        try {
            id = UUID.fromString(incidentId);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("incidentId", "must be a UUID");
        }
        return paging.list(id);
    }

    /** A click on the link in the page (e-mail clients and chat previews use GET). */
    @GET
    @Path("/{id}/ack")
    @PermitAll
    public Uni<PageView> acknowledgeByLink(@PathParam("id") String id, @QueryParam("token") String token) {
        return acknowledge(id, token);
    }

    @POST
    @Path("/{id}/ack")
    @PermitAll
    public Uni<PageView> acknowledgeByLinkPost(@PathParam("id") String id, @QueryParam("token") String token) {
        return acknowledge(id, token);
    }

    private Uni<PageView> acknowledge(String id, String token) {
        if (token == null || token.isBlank()) {
            throw InvalidInputException.of("token", "is required (the token of the page's acknowledge link)");
        }
        UUID page;
        try {
            page = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // the same answer as a wrong token: the link reveals nothing
            throw new NotFoundException("no such acknowledge link");
        }
        return paging.acknowledge(page, token);
    }
}
