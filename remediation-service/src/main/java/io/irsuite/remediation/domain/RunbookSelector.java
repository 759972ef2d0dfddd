package io.irsuite.remediation.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Which runbook answers a triage, and whether it may run unattended. Pure.
 * Recommended actions are tried in triage's order; for one action, a runbook a person wrote beats one
 * of the default library, then a runbook that names the root cause's category explicitly beats a
 * runbook without categories, then the lower id wins.
 */
public final class RunbookSelector {

    private RunbookSelector() {
    }

    /** One recommended action of a triage. */
    public record Recommendation(String action, String target, double confidence, boolean autoEligible, String reason) {
    }

    /**
     * An enabled runbook in its newest version; {@code library}: that version was written by the
     * default runbook library (not edited since), so any runbook a person wrote is preferred to it.
     */
    public record Candidate(String runbookId, int version, RunbookDefinition definition, boolean library) {

        /** A runbook a person wrote. */
        public Candidate(String runbookId, int version, RunbookDefinition definition) {
            this(runbookId, version, definition, false);
        }
    }

    public record Selection(Candidate runbook, Recommendation recommendation) {
    }

    public static Optional<Selection> select(List<Recommendation> recommendations, String category,
                                             List<Candidate> runbooks) {
        return selectAll(recommendations, category, runbooks).stream().findFirst();
    }

    /** For each recommended action an enabled runbook serves, in triage's order, the runbook that serves it best. */
    public static List<Selection> selectAll(List<Recommendation> recommendations, String category,
                                            List<Candidate> runbooks) {
        return selectAll(recommendations, category, runbooks, (c, r) -> true);
    }

    /** As above, among the runbooks that are {@code usable} for the recommendation (e.g. that can act on its target). */
    public static List<Selection> selectAll(List<Recommendation> recommendations, String category,
                                            List<Candidate> runbooks, BiPredicate<Candidate, Recommendation> usable) {
        List<Selection> selections = new ArrayList<>();
        if (recommendations == null) {
            return selections;
        }
        Comparator<Candidate> preference = Comparator.comparing(Candidate::library)
                .thenComparing((Candidate c) -> c.definition().categories() == null || c.definition().categories().isEmpty())
                .thenComparing(Candidate::runbookId);
        for (Recommendation recommendation : recommendations) {
            if (recommendation == null || recommendation.action() == null) {
                continue;
            }
            Optional<Candidate> match = runbooks.stream()
                    .filter(c -> c.definition().serves(recommendation.action(), category))
                    .filter(c -> usable.test(c, recommendation))
                    .min(preference);
            match.ifPresent(candidate -> selections.add(new Selection(candidate, recommendation)));
        }
        return selections;
    }

    /**
     * Why the selection needs a person, or empty when it may run at once: triage must allow
     * automatic remediation, the action must be above its confidence threshold, and the runbook must
     * not require approval.
     */
    public static Optional<String> approvalReason(boolean autoRemediate, Selection selection) {
        List<String> reasons = new ArrayList<>();
        Recommendation rec = selection.recommendation();
        if (!autoRemediate) {
            reasons.add("triage did not clear this incident for automatic remediation");
        }
        if (!rec.autoEligible()) {
            reasons.add(String.format(Locale.ROOT, "confidence %.2f for %s is below its automatic threshold",
                    rec.confidence(), rec.action()));
        }
        RunbookDefinition runbook = selection.runbook().definition();
        if (runbook.approvalRequired()) {
            List<String> approvers = runbook.approvers() == null ? List.of() : runbook.approvers();
            reasons.add("runbook " + selection.runbook().runbookId() + " requires approval"
                    + (approvers.isEmpty() ? "" : " (approvers: " + String.join(", ", approvers) + ")"));
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }
}
