package io.irsuite.remediation.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A runbook as an admin writes it (JSON or YAML): which actions and root-cause categories it serves,
 * whether a person must approve it, and its steps. Stored, after {@link #withDefaults()}, as one
 * immutable version per PUT.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunbookDefinition(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 4000) String description,
        @NotEmpty List<@NotBlank String> actions,
        List<@NotBlank String> categories,
        Boolean requiresApproval,
        List<@NotBlank String> approvers,
        @Min(0) @Max(86400) Integer estimatedDurationSeconds,
        @NotEmpty @Size(max = 50) List<@Valid StepDefinition> steps,
        @Valid VerifyDefinition verify,
        Boolean dryRun,
        Boolean rollbackOnCancel) {

    /** A runbook without verification, dry run or rollback on cancel. */
    public RunbookDefinition(String name, String description, List<String> actions, List<String> categories,
                             Boolean requiresApproval, List<String> approvers, Integer estimatedDurationSeconds,
                             List<StepDefinition> steps) {
        this(name, description, actions, categories, requiresApproval, approvers, estimatedDurationSeconds, steps,
                null, null, null);
    }

    /** This runbook with every default filled in. */
    public RunbookDefinition withDefaults() {
        return new RunbookDefinition(name, description, List.copyOf(actions),
                categories == null ? List.of() : List.copyOf(categories),
                requiresApproval != null && requiresApproval,
                approvers == null ? List.of() : List.copyOf(approvers),
                estimatedDurationSeconds,
                steps.stream().map(StepDefinition::withDefaults).toList(),
                verify, dryRun != null && dryRun, rollbackOnCancel != null && rollbackOnCancel);
    }

    /** True when a step or a rollback step acts through the Kubernetes API (it needs the target's allowed coordinates). */
    public boolean usesKubernetes() {
        return steps.stream().anyMatch(s -> s.stepType() == StepType.KUBERNETES
                || (s.rollback() != null && s.rollback().stepType() == StepType.KUBERNETES));
    }

    public boolean isDryRun() {
        return dryRun != null && dryRun;
    }

    public boolean rollsBackOnCancel() {
        return rollbackOnCancel != null && rollbackOnCancel;
    }

    /** Serves {@code action} for a root cause of {@code category} (a runbook without categories serves every category). */
    public boolean serves(String action, String category) {
        if (action == null || actions == null || !actions.contains(action)) {
            return false;
        }
        return categories == null || categories.isEmpty() || (category != null && categories.contains(category));
    }

    public boolean approvalRequired() {
        return requiresApproval != null && requiresApproval;
    }
}
