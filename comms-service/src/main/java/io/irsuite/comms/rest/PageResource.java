package io.irsuite.comms.rest;

import io.irsuite.comms.domain.paging.AckPageHtml;
import io.irsuite.comms.domain.paging.PageView;
import io.irsuite.comms.service.PageAckService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Pages sent by escalations (contract), and each page's one-time acknowledge link (no bearer token: the link's
 * token): GET shows a button, only POST acknowledges.
 */
@Path("/api/v1/pages")
@Produces(MediaType.APPLICATION_JSON)
public class PageResource {

    static final String PROBLEM_JSON = "application/problem+json";

    private final PagingService paging;
    private final PageAckService acks;

    public PageResource(PagingService paging, PageAckService acks) {
        this.paging = paging;
        this.acks = acks;
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

    /**
     * What a click on the link in a page opens: a small HTML page whose button POSTs to the same link. A GET
     * changes nothing, because mail scanners and chat unfurlers fetch links too.
     */
    @GET
    @Path("/{id}/ack")
    @PermitAll
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, PROBLEM_JSON})
    public Uni<Response> acknowledgeForm(@PathParam("id") String id, @QueryParam("token") String token,
                                         @Context HttpHeaders headers) {
        boolean html = AckLinkAnswers.prefersHtml(headers.getAcceptableMediaTypes());
        return guarded(html, () -> {
            String t = required(token);
            return acks.check(pageId(id), t)
                    .map(check -> AckLinkAnswers.html(Response.Status.OK, AckPageHtml.confirm(check.incidentTitle(), t)));
        });
    }

    /** Uses the link: JSON (the page) for API clients, a short HTML answer for a browser's form. */
    @POST
    @Path("/{id}/ack")
    @PermitAll
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, PROBLEM_JSON})
    public Uni<Response> acknowledgeByLink(@PathParam("id") String id, @QueryParam("token") String token,
                                           @Context HttpHeaders headers) {
        boolean html = AckLinkAnswers.prefersHtml(headers.getAcceptableMediaTypes());
        return guarded(html, () -> {
            String t = required(token);
            return acks.acknowledge(pageId(id), t).map(ack -> html
                    ? AckLinkAnswers.html(Response.Status.OK, AckPageHtml.acknowledged(ack.incidentTitle(),
                    byOf(ack.page()), ack.stoppedNow()))
                    : Response.ok(ack.page(), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build());
        });
    }

    private static String byOf(PageView page) {
        return page.user() != null ? page.user() : "channel " + page.channel();
    }

    /** API clients get the usual problem+json (thrown to the mappers); a browser a short HTML message. */
    private static Uni<Response> guarded(boolean html, Supplier<Uni<Response>> call) {
        Uni<Response> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        return html ? answer.onFailure(AckLinkAnswers::isRefusal).recoverWithItem(AckLinkAnswers::htmlError) : answer;
    }

    private static String required(String token) {
        if (token == null || token.isBlank()) {
            throw InvalidInputException.of("token", "is required (the token of the page's acknowledge link)");
        }
        return token;
    }

    private static UUID pageId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // the same answer as a wrong token: the link reveals nothing
            throw new NotFoundException(PageAckService.NO_SUCH_LINK);
        }
    }
}
