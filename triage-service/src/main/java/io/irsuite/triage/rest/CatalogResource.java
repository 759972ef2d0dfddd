package io.irsuite.triage.rest;

import io.irsuite.platform.auth.Roles;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.JsonPaths;
import io.irsuite.platform.problem.StrictJson;
import io.irsuite.triage.domain.CatalogEntry;
import io.irsuite.triage.domain.CatalogSpec;
import io.irsuite.triage.service.CatalogService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.WebApplicationException;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The service catalog: tiers, owners, kinds, the dependency graph and Kubernetes coordinates. */
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** Counts of an import; {@code total} is the number of entries in the request. */
    public record ImportResult(int created, int updated, int unchanged, int total) {
    }

    /** YAML bodies follow the JSON rules too: no NUL character, nothing after the document. */
    private static final ObjectMapper YAML = strict(new YAMLMapper());
    private static final TypeReference<List<CatalogImportEntry>> ENTRIES = new TypeReference<>() {
    };
    private static final Method JSON_IMPORT = jsonImport();

    private final CatalogService catalog;
    private final OutboxRelay relay;
    private final Validator validator;

    public CatalogResource(CatalogService catalog, OutboxRelay relay, Validator validator) {
        this.catalog = catalog;
        this.relay = relay;
        this.validator = validator;
    }

    private static Method jsonImport() {
        try {
            return CatalogResource.class.getMethod("importServices", List.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        new StrictJson().customize(mapper);
        return mapper;
    }

    @GET
    @Path("/services")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<CatalogEntryView>> listServices() {
        return catalog.list().map(entries -> entries.stream().map(CatalogEntryView::of).toList());
    }

    @GET
    @Path("/services/{name}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<CatalogEntryView> getService(@PathParam("name") @Pattern(regexp = CatalogEntry.NAME_PATTERN,
            message = CatalogEntryRequest.NAME_MESSAGE) String name) {
        return catalog.get(name).map(CatalogEntryView::of);
    }

    /** Creates (201) or replaces (200) the entry; publishes CatalogServiceUpserted when anything changed. */
    @PUT
    @Path("/services/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putService(@PathParam("name") @Pattern(regexp = CatalogEntry.NAME_PATTERN,
                                     message = CatalogEntryRequest.NAME_MESSAGE) String name,
                             @Valid @NotNull CatalogEntryRequest body) {
        CatalogSpec spec = body.toSpec(name);
        return catalog.upsert(spec).map(result -> {
            if (result.changed()) {
                relay.kick();
            }
            CatalogEntryView view = CatalogEntryView.of(result.entry());
            return result.created()
                    ? Response.created(URI.create("/api/v1/catalog/services/" + name)).entity(view).build()
                    : Response.ok(view).build();
        });
    }

    @DELETE
    @Path("/services/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> deleteService(@PathParam("name") @Pattern(regexp = CatalogEntry.NAME_PATTERN,
            message = CatalogEntryRequest.NAME_MESSAGE) String name) {
        return catalog.delete(name).invoke(relay::kick).map(ignored -> Response.noContent().build());
    }

    /** Upserts a JSON array of entries, all or nothing. */
    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<ImportResult> importServices(@NotNull @Size(max = 5000) List<@NotNull @Valid CatalogImportEntry> entries) {
        return importValid(entries);
    }

    /** The same import from a YAML list of entries, validated by the same rules. */
    @POST
    @Path("/import")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml"})
    @RolesAllowed(Roles.ADMIN)
    public Uni<ImportResult> importServicesYaml(String yaml) {
        List<CatalogImportEntry> entries;
        try {
            entries = yaml == null || yaml.isBlank() ? null : YAML.readValue(yaml, ENTRIES);
        } catch (StreamReadException e) {
            throw InvalidInputException.of("body", "is not readable YAML: " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            if (JsonPaths.path(e).isEmpty() && !JsonPaths.isTrailingContent(e)) {
                throw InvalidInputException.of("body", "must be a YAML list of catalog entries");
            }
            throw new WebApplicationException(e, Response.Status.BAD_REQUEST);
        } catch (JsonProcessingException e) {
            throw new WebApplicationException(e, Response.Status.BAD_REQUEST);
        }
        if (entries == null) {
            throw InvalidInputException.of("body", "must be a YAML list of catalog entries");
        }
        // the JSON import's own parameter rules, so that both name the same fields ([1].tier)
        Set<ConstraintViolation<CatalogResource>> violations = validator.forExecutables()
                .validateParameters(this, JSON_IMPORT, new Object[] {entries});
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return importValid(entries);
    }

    private Uni<ImportResult> importValid(List<CatalogImportEntry> entries) {
        List<CatalogSpec> specs = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                specs.add(entries.get(i).toSpec());
            } catch (InvalidInputException e) {
                String entry = "[" + i + "]";
                throw new InvalidInputException(e.errors().stream().map(error -> error.under(entry)).toList());
            }
        }
        return catalog.importAll(specs).map(summary -> {
            if (summary.created() + summary.updated() > 0) {
                relay.kick();
            }
            return new ImportResult(summary.created(), summary.updated(), summary.unchanged(), entries.size());
        });
    }
}
