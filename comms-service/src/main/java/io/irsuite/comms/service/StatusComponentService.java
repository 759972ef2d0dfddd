package io.irsuite.comms.service;

import io.irsuite.comms.domain.ComponentStatus;
import io.irsuite.comms.domain.StatusComponent;
import io.irsuite.comms.domain.StatusOverride;
import io.irsuite.comms.domain.StatusPageRules;
import io.irsuite.comms.repository.StatusPageRepository;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Status-page components and their manual overrides. */
@ApplicationScoped
public class StatusComponentService {

    /** A component with the override in effect (null when none). */
    public record Read(StatusComponent component, StatusOverride override) {
    }

    /** A stored component and whether it was created (201) or replaced (200). */
    public record Saved(StatusComponent component, boolean created) {
    }

    private final StatusPageRepository status;

    public StatusComponentService(StatusPageRepository status) {
        this.status = status;
    }

    public Uni<Saved> put(String name, String displayName, String group, Boolean isPublic, List<String> services) {
        List<FieldError> errors = StatusPageRules.checkComponent(name, displayName, group, services);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        Instant now = Instant.now();
        StatusComponent c = new StatusComponent(name, displayName.strip(), group == null ? null : group.strip(),
                Boolean.TRUE.equals(isPublic), services, now, now);
        return status.upsertComponent(c, now).map(saved -> {
            Log.infof("status component %s %s (public %s, services %s)", name, saved.created() ? "created" : "replaced",
                    c.isPublic(), c.services());
            return new Saved(saved.component(), saved.created());
        });
    }

    public Uni<List<Read>> list() {
        Instant now = Instant.now();
        return status.components().chain(all -> status.overridesSince(now).map(overrides -> all.stream()
                .map(c -> new Read(c, inEffect(c, overrides, now))).toList()));
    }

    public Uni<Read> get(String name) {
        Instant now = Instant.now();
        return status.component(name).onItem().ifNull().failWith(() -> notFound(name))
                .chain(c -> status.overridesSince(now).map(overrides -> new Read(c, inEffect(c, overrides, now))));
    }

    public Uni<Void> delete(String name) {
        return status.deleteComponent(name).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(notFound(name));
            }
            Log.infof("status component %s deleted", name);
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<StatusOverride> setOverride(String name, String statusName, Instant until, String by) {
        Instant now = Instant.now();
        List<FieldError> errors = StatusPageRules.checkOverride(name, statusName, until, now);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        ComponentStatus s = ComponentStatus.parse(statusName).orElseThrow();
        return status.setOverride(name, s, until, by, now).onItem().ifNull().failWith(() -> notFound(name))
                .invoke(o -> Log.infof("status component %s overridden to %s until %s by %s", name, s, until, by));
    }

    public Uni<Void> clearOverride(String name, String by) {
        return status.clearOverride(name, by, Instant.now()).chain(found -> {
            if (!found) {
                return Uni.createFrom().failure(notFound(name));
            }
            Log.infof("status component %s override cleared by %s", name, by);
            return Uni.createFrom().voidItem();
        });
    }

    private static StatusOverride inEffect(StatusComponent c, List<StatusOverride> overrides, Instant now) {
        return overrides.stream().filter(o -> o.component().equals(c.name()) && o.activeAt(now)).findFirst().orElse(null);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("status component " + name + " does not exist");
    }
}
