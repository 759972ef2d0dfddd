package io.irsuite.comms.rest;

import io.irsuite.comms.domain.paging.AckPageHtml;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** How the acknowledge link answers: HTML to a browser, problem+json (through the mappers) to everyone else. */
final class AckLinkAnswers {

    private AckLinkAnswers() {
    }

    /**
     * A browser asks for {@code text/html} before any other concrete type ({@code *}{@code /*} counts for
     * nothing): then refusals are short HTML pages; API clients (curl's {@code *}{@code /*}, JSON) get problem+json.
     */
    static boolean prefersHtml(List<MediaType> acceptable) {
        for (MediaType mt : acceptable) {
            if (mt.isWildcardType()) {
                continue;
            }
            return "text".equalsIgnoreCase(mt.getType())
                    && (mt.isWildcardSubtype() || "html".equalsIgnoreCase(mt.getSubtype())
                    || "xhtml+xml".equalsIgnoreCase(mt.getSubtype()))
                    || "application".equalsIgnoreCase(mt.getType()) && "xhtml+xml".equalsIgnoreCase(mt.getSubtype());
        }
        return false;
    }

    /** An HTML answer that no cache keeps, no page frames and no referrer leaks the link from. */
    static Response html(Response.Status status, String body) {
        return Response.status(status).entity(body).type("text/html;charset=UTF-8")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("Content-Security-Policy", AckPageHtml.CSP)
                .build();
    }

    /** The link's own refusals (bad or missing token, unknown page, used or expired link). */
    static boolean isRefusal(Throwable t) {
        return t instanceof NotFoundException || t instanceof ConflictException || t instanceof InvalidInputException;
    }

    static Response htmlError(Throwable t) {
        if (t instanceof NotFoundException) {
            return html(Response.Status.NOT_FOUND, AckPageHtml.error("Link not valid",
                    "This acknowledge link is not valid. Check that the whole link was opened."));
        }
        if (t instanceof ConflictException) {
            return html(Response.Status.CONFLICT, AckPageHtml.error("Link no longer valid",
                    "This acknowledge link was already used or has expired. Acknowledge the incident in the console."));
        }
        return html(Response.Status.BAD_REQUEST, AckPageHtml.error("Link incomplete",
                "This acknowledge link has no token. Open the whole link from the page."));
    }
}
