package io.irsuite.remediation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.domain.RunbookStats;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.VerifyDefinition;
import io.irsuite.remediation.service.RunbookService;

import java.time.Instant;
import java.util.List;

/**
 * A runbook in one version, as the API returns it (defaults filled in); {@code stats} (its executions'
 * metadata) on the reads of the newest version only.
 */
public record RunbookView(String id, int version, boolean enabled, String name, String description,
                          List<String> actions, List<String> categories, boolean requiresApproval,
                          List<String> approvers, Integer estimatedDurationSeconds, List<StepDefinition> steps,
                          @JsonInclude(JsonInclude.Include.NON_NULL) VerifyDefinition verify, boolean dryRun,
                          boolean rollbackOnCancel, Instant createdAt, Instant updatedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) RunbookStats stats) {

    static RunbookView of(RunbookService.Stored stored) {
        RunbookDefinition d = stored.definition();
        return new RunbookView(stored.id(), stored.version(), stored.enabled(), d.name(), d.description(), d.actions(),
                d.categories(), d.approvalRequired(), d.approvers(), d.estimatedDurationSeconds(), d.steps(),
                d.verify(), d.isDryRun(), d.rollsBackOnCancel(), stored.createdAt(), stored.updatedAt(), stored.stats());
    }
}
