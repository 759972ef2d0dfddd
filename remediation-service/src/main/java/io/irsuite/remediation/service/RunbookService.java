package io.irsuite.remediation.service;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.remediation.domain.AuditEntry;
import io.irsuite.remediation.domain.Runbook;
import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.domain.RunbookRules;
import io.irsuite.remediation.domain.RunbookStats;
import io.irsuite.remediation.domain.RunbookVersion;
import io.irsuite.remediation.repository.RunbookRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stores runbooks as immutable versions, and reads them back. */
@ApplicationScoped
public class RunbookService {

    /** A runbook in one version, with whether this PUT created it, and its metadata where it was read ({@code stats}, else null). */
    public record Stored(String id, int version, boolean enabled, Instant createdAt, Instant updatedAt,
                         RunbookDefinition definition, boolean created, RunbookStats stats) {

        public Stored(String id, int version, boolean enabled, Instant createdAt, Instant updatedAt,
                      RunbookDefinition definition, boolean created) {
            this(id, version, enabled, createdAt, updatedAt, definition, created, null);
        }

        Stored withStats(RunbookStats runbookStats) {
            return new Stored(id, version, enabled, createdAt, updatedAt, definition, created, runbookStats);
        }
    }

    private final RunbookRepository runbooks;
    private final RunbookCodec codec;

    public RunbookService(RunbookRepository runbooks, RunbookCodec codec) {
        this.runbooks = runbooks;
        this.codec = codec;
    }

    /** Validates and stores {@code definition} as the next version of runbook {@code id} (re-enabling it). */
    @WithTransaction
    public Uni<Stored> put(String id, @Valid RunbookDefinition definition, String actor) {
        List<FieldError> errors = new ArrayList<>(RunbookRules.checkId(id));
        errors.addAll(RunbookRules.check(definition));
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        RunbookDefinition normalised = definition.withDefaults();
        String json = codec.write(normalised);
        return runbooks.createIfAbsent(id, json)
                .chain(created -> runbooks.findForUpdate(id).chain(runbook -> {
                    Instant now = Instant.now();
                    runbook.currentVersion += 1;
                    runbook.enabled = true;
                    runbook.definition = json;
                    runbook.updatedAt = now;
                    RunbookVersion version = new RunbookVersion();
                    version.runbookId = id;
                    version.version = runbook.currentVersion;
                    version.definition = json;
                    version.createdBy = actor;
                    version.createdAt = now;
                    return version.persist()
                            .chain(() -> AuditEntry.of(actor, "runbook.put", "runbook:" + id, "version " + version.version).persist())
                            .invoke(() -> Log.infof("runbook %s stored as version %d by %s", id, version.version, actor))
                            .map(ignored -> new Stored(id, runbook.currentVersion, true, runbook.createdAt, now, normalised, created));
                }));
    }

    /**
     * Stores {@code definition} (already validated) as version 1 of runbook {@code id}, by {@code actor},
     * unless a runbook with that id exists: an existing runbook is never touched. True when stored. Two
     * callers storing the same id at once store it once (the insert of the runbook row decides).
     */
    @WithTransaction
    public Uni<Boolean> storeIfAbsent(String id, RunbookDefinition definition, boolean enabled, String actor) {
        RunbookDefinition normalised = definition.withDefaults();
        String json = codec.write(normalised);
        return runbooks.createAtVersionOneIfAbsent(id, enabled, json).chain(created -> {
            if (!created) {
                return Uni.createFrom().item(false);
            }
            RunbookVersion version = new RunbookVersion();
            version.runbookId = id;
            version.version = 1;
            version.definition = json;
            version.createdBy = actor;
            version.createdAt = Instant.now();
            return version.persist()
                    .chain(() -> AuditEntry.of(actor, "runbook.library", "runbook:" + id,
                            "version 1" + (enabled ? "" : " (disabled)")).persist())
                    .invoke(() -> Log.infof("runbook %s stored as version 1 by %s%s", id, actor, enabled ? "" : " (disabled)"))
                    .replaceWith(true);
        });
    }

    /** Disables the runbook: it stays readable with all its versions but is never selected again. */
    @WithTransaction
    public Uni<Stored> disable(String id, String actor) {
        return runbooks.findForUpdate(id).chain(runbook -> {
            if (runbook == null || runbook.currentVersion == 0) {
                return Uni.createFrom().failure(new NotFoundException("no runbook " + id));
            }
            runbook.enabled = false;
            runbook.updatedAt = Instant.now();
            return AuditEntry.of(actor, "runbook.disable", "runbook:" + id, null).persist()
                    .invoke(() -> Log.infof("runbook %s disabled by %s", id, actor))
                    .map(ignored -> stored(runbook));
        });
    }

    /** Every runbook in its newest version, with its metadata (one query for all of them). */
    @WithSession
    public Uni<List<Stored>> list() {
        return runbooks.listByIdOrder().chain(all -> runbooks.stats().map(stats -> all.stream()
                .filter(r -> r.currentVersion > 0)
                .map(r -> stored(r).withStats(stats.getOrDefault(r.id, RunbookStats.NONE)))
                .toList()));
    }

    /** One runbook in its newest version, with its metadata. */
    @WithSession
    public Uni<Stored> get(String id) {
        return runbooks.findById(id).chain(runbook -> {
            if (runbook == null || runbook.currentVersion == 0) {
                return Uni.createFrom().failure(new NotFoundException("no runbook " + id));
            }
            return runbooks.stats(id).map(stats -> stored(runbook).withStats(stats));
        });
    }

    @WithSession
    public Uni<Stored> version(String id, int version) {
        return runbooks.findById(id).chain(runbook -> {
            if (runbook == null) {
                return Uni.createFrom().failure(new NotFoundException("no runbook " + id));
            }
            return runbooks.version(id, version).map(v -> {
                if (v == null) {
                    throw new NotFoundException("runbook " + id + " has no version " + version);
                }
                return new Stored(id, v.version, runbook.enabled, runbook.createdAt, v.createdAt, codec.read(v.definition), false);
            });
        });
    }

    private Stored stored(Runbook runbook) {
        return new Stored(runbook.id, runbook.currentVersion, runbook.enabled, runbook.createdAt, runbook.updatedAt,
                codec.read(runbook.definition), false);
    }
}
