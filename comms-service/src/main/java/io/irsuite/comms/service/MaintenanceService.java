package io.irsuite.comms.service;

import io.irsuite.comms.domain.Maintenance;
import io.irsuite.comms.domain.StatusPageRules;
import io.irsuite.comms.repository.StatusPageRepository;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Scheduled maintenance windows of status-page components. */
@ApplicationScoped
public class MaintenanceService {

    private final StatusPageRepository status;

    public MaintenanceService(StatusPageRepository status) {
        this.status = status;
    }

    public Uni<Maintenance> create(String title, List<String> components, Instant from, Instant to, String description,
                                   String by) {
        Instant now = Instant.now();
        Maintenance m = new Maintenance(UUID.randomUUID(), title == null ? null : title.strip(),
                description == null ? null : description.strip(),
                components == null ? List.of() : components.stream().filter(c -> c != null).toList(),
                from, to, by, now);
        return status.addMaintenance(m, existing -> {
            List<FieldError> errors = StatusPageRules.checkMaintenance(title, components, from, to, description,
                    existing, now);
            return errors.isEmpty() ? null : new InvalidInputException(errors);
        }).invoke(saved -> Log.infof("maintenance %s scheduled by %s: %s to %s on %s", saved.id(), by, saved.from(),
                saved.to(), saved.components()));
    }

    public Uni<List<Maintenance>> list() {
        return status.maintenances();
    }

    public Uni<Maintenance> get(UUID id) {
        return status.maintenance(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /**
     * Cancels a window: one not started yet is deleted, one in progress ends now (its past stays in the
     * uptime history); a completed one is history and stays (409). Each step is one conditional statement.
     */
    public Uni<Void> cancel(UUID id, String by) {
        Instant now = Instant.now();
        return status.deleteScheduledMaintenance(id, now).chain(deleted -> {
            if (deleted) {
                Log.infof("maintenance %s cancelled by %s", id, by);
                return Uni.createFrom().voidItem();
            }
            return status.endMaintenanceInProgress(id, now).chain(ended -> {
                if (ended) {
                    Log.infof("maintenance %s ended early by %s", id, by);
                    return Uni.createFrom().voidItem();
                }
                return status.maintenance(id).chain(m -> Uni.createFrom().failure(m == null ? notFound(id)
                        : new ConflictException("maintenance " + id + " is completed; it stays in the uptime history")));
            });
        });
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("maintenance " + id + " does not exist");
    }
}
