package io.irsuite.remediation.rest;

import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.domain.CatalogEntry;
import io.irsuite.remediation.repository.CatalogRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Read-only view of remediation's catalog replica (triage owns the catalog): what remediation
 * will put into {@code ${namespace}} and {@code ${deployment}} for a service.
 */
@Path("/api/v1/catalog/services")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** One replicated catalog entry. */
    public record CatalogEntryView(String name, String namespace, String deployment, String kind, String owner,
                                   long revision) {
    }

    private final CatalogRepository catalog;

    public CatalogResource(CatalogRepository catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("{name}")
    @RolesAllowed("viewer")
    public Uni<CatalogEntryView> getCatalogEntry(@PathParam("name") String name) {
        return catalog.findById(name).map(entry -> {
            if (entry == null || entry.deleted) {
                throw new NotFoundException("service " + name + " is not in the catalog replica");
            }
            return view(entry);
        });
    }

    private static CatalogEntryView view(CatalogEntry e) {
        return new CatalogEntryView(e.name, e.namespace, e.deployment, e.kind, e.owner, e.revision);
    }
}
