package io.irsuite.detection.rest;

import io.irsuite.platform.auth.Roles;
import io.irsuite.detection.repository.CatalogRepository;
import io.irsuite.detection.service.CatalogReplicaService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Read-only view of detection's catalog replica (the catalog itself is owned by triage). */
@Path("/api/v1/catalog/services")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogReplicaService catalog;

    public CatalogResource(CatalogReplicaService catalog) {
        this.catalog = catalog;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.ADMIN})
    public Uni<List<CatalogRepository.CatalogEntry>> listCatalogServices() {
        return catalog.list();
    }
}
