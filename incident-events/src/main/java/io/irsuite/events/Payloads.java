package io.irsuite.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The payload record of every {@link EventType}. Statuses, severities, categories and actions
 * travel as the contract's strings ({@code TRIAGED}, {@code SEV2}, {@code database},
 * {@code rollback}) so that a consumer built against an older list still reads a newer value.
 */
public final class Payloads {

    private Payloads() {
    }

    // ---- shared parts ------------------------------------------------------------------------

    /** The numbers an alert reports about its impact; every field may be null. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertMetrics(Double errorRate, Double latencyP95Ms, Double baselineP95Ms,
                               Double usersAffectedPct, Double revenueImpactPerHour,
                               Boolean slaBreach, Boolean dataLoss, Boolean securityBreach) {
    }

    /**
     * One alert as detection stored it (normalised: severity is SEV1-SEV4). {@code inhibitedBy}: set when
     * an inhibition rule suppresses it (evidence of its incident's failure that must not raise its
     * severity): the fingerprint of the firing alert that inhibits it and the rule, e.g.
     * {@code "9f2c… (DatabaseDown on payments-db, rule topology)"}; absent otherwise.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(UUID alertId, String fingerprint, String source, String service, String name,
                        String status, String severity, String summary, String description,
                        Map<String, String> labels, Instant startsAt, Instant endsAt,
                        AlertMetrics metrics, String runbookUrl, String dashboardUrl,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String inhibitedBy) {

        /** An alert no rule inhibits. */
        public Alert(UUID alertId, String fingerprint, String source, String service, String name,
                     String status, String severity, String summary, String description,
                     Map<String, String> labels, Instant startsAt, Instant endsAt,
                     AlertMetrics metrics, String runbookUrl, String dashboardUrl) {
            this(alertId, fingerprint, source, service, name, status, severity, summary, description, labels,
                    startsAt, endsAt, metrics, runbookUrl, dashboardUrl, null);
        }
    }

    /** Who or what caused a transition, and their note. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Actor(String by, String note) {
    }

    // ---- detection ---------------------------------------------------------------------------

    /** A new incident, with the alert that opened it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentOpened(String title, String status, String severity, List<String> services,
                                 Instant startedAt, Instant detectedAt, Alert alert) {
    }

    /**
     * Alerts joined an open incident, in the order they joined: all that one grouping decision run attached
     * to it (a storm attaches hundreds at a time, one event each was most of every consumer's work).
     * {@code services} and {@code alertCount} are the incident's after the last of them. Schema version 2:
     * version 1 carried one {@code alert}, which is still read (events written before an upgrade).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlertAttached(List<Alert> alerts, List<String> services, int alertCount) {

        public AlertAttached {
            alerts = alerts == null ? List.of() : List.copyOf(alerts);
        }

        /** One alert joined. */
        public AlertAttached(Alert alert, List<String> services, int alertCount) {
            this(List.of(alert), services, alertCount);
        }

        @JsonCreator
        static AlertAttached read(@JsonProperty("alerts") List<Alert> alerts, @JsonProperty("alert") Alert alert,
                                  @JsonProperty("services") List<String> services,
                                  @JsonProperty("alertCount") int alertCount) {
            return new AlertAttached(alerts == null && alert != null ? List.of(alert) : alerts, services, alertCount);
        }
    }

    /** An alert of the incident stopped firing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlertResolved(Alert alert, int firingCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentSeverityChanged(String from, String to, List<String> reasons, String by) {
    }

    /** A lifecycle transition not covered by a more specific event (e.g. to TRIAGED or MITIGATING). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentStatusChanged(String from, String to, String reason, String by) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentAcknowledged(String by, String note, Instant acknowledgedAt) {
    }

    /** The incident moved to MONITORING: the fix is in, recovery is being watched. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentMitigated(String by, String note, Instant mitigatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentResolved(String by, String note, String reason, Instant startedAt,
                                   Instant resolvedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentReopened(String reason, Alert alert) {
    }

    /**
     * The incident (the envelope's {@code incidentId}) was found to be part of the failure of
     * incident {@code into} and merged into it: its alerts moved there (each also announced by an
     * {@code AlertAttached} on {@code into}), and an {@code IncidentResolved} with reason
     * {@code "merged into <into>"} follows for it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentMerged(UUID into, List<UUID> alertIds, List<String> services, String reason) {
    }

    // ---- triage ------------------------------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootCause(String service, String category, double confidence, List<String> evidence) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Candidate(String service, String category, double score) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecommendedAction(String action, String target, double confidence,
                                    boolean autoEligible, String reason) {
    }

    /**
     * The result of a triage. {@code version} grows with each re-triage of the incident; the
     * newest version wins downstream.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentTriaged(int version, String severity, List<String> severityReasons,
                                  RootCause rootCause, List<Candidate> candidates,
                                  List<String> blastRadius, List<RecommendedAction> recommendedActions,
                                  boolean autoRemediate) {
    }

    // ---- remediation -------------------------------------------------------------------------

    /**
     * Why a remediation did not fix its incident ({@code failure} of {@link RemediationFailed} and
     * {@link RemediationRolledBack}). Only {@link #STEP_FAILED} and {@link #NOT_RECOVERED} say something
     * about the action itself; the others are caused by the suite, its configuration or a person, and
     * must not teach triage that the action does not work. Absent (an older producer): treat as
     * {@link #STEP_FAILED}.
     */
    public static final class RemediationFailures {
        /** A step ran and the target answered with a failure (wrong status, failed rollout, ...). */
        public static final String STEP_FAILED = "step_failed";
        /** The steps ran, but the incident's alerts did not resolve within the runbook's verify window. */
        public static final String NOT_RECOVERED = "not_recovered";
        /** The target (or the Kubernetes API) could not be reached or refused the suite (no answer, 403, not allowed). */
        public static final String UNREACHABLE = "unreachable";
        /** The runner crashed or stopped mid-step and a non-repeatable step could not be finished. */
        public static final String INTERRUPTED = "interrupted";
        /** A person rejected the proposed execution. */
        public static final String REJECTED = "rejected";
        /** A person took over, or the incident was resolved, while it ran. */
        public static final String CANCELLED = "cancelled";

        private RemediationFailures() {
        }

        /** True when the failure says the action did not work (triage lowers its confidence in it). */
        public static boolean blamesAction(String failure) {
            return failure == null || STEP_FAILED.equals(failure) || NOT_RECOVERED.equals(failure);
        }

        /** True when automation gave up on an incident a person now has to fix (page someone). */
        public static boolean needsPerson(String failure) {
            return !REJECTED.equals(failure) && !CANCELLED.equals(failure);
        }
    }

    /** {@code dryRun}: the steps were only described, nothing was changed (absent means false). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationStarted(UUID executionId, String runbookId, String action, String target,
                                     String reason, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun) {

        public RemediationStarted(UUID executionId, String runbookId, String action, String target, String reason) {
            this(executionId, runbookId, action, target, reason, null);
        }

        public boolean isDryRun() {
            return Boolean.TRUE.equals(dryRun);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationStepCompleted(UUID executionId, String step, String status, int attempts,
                                           String output) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationApprovalRequested(UUID executionId, String runbookId, String action,
                                               String target, String reason) {
    }

    /**
     * The execution ended SUCCEEDED: its steps ran and, when its runbook verifies, the incident's alerts
     * resolved in time. {@code dryRun}: nothing was changed, so nothing recovered (absent means false).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationSucceeded(UUID executionId, String runbookId, String action, String target,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun) {

        public RemediationSucceeded(UUID executionId, String runbookId, String action, String target) {
            this(executionId, runbookId, action, target, null);
        }

        public boolean isDryRun() {
            return Boolean.TRUE.equals(dryRun);
        }
    }

    /** {@code failure}: one of {@link RemediationFailures}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationFailed(UUID executionId, String runbookId, String action, String target,
                                    String error, @JsonInclude(JsonInclude.Include.NON_NULL) String failure) {

        public RemediationFailed(UUID executionId, String runbookId, String action, String target, String error) {
            this(executionId, runbookId, action, target, error, null);
        }
    }

    /** {@code failure}: one of {@link RemediationFailures}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationRolledBack(UUID executionId, String runbookId, String action, String target,
                                        String reason, @JsonInclude(JsonInclude.Include.NON_NULL) String failure) {

        public RemediationRolledBack(UUID executionId, String runbookId, String action, String target, String reason) {
            this(executionId, runbookId, action, target, reason, null);
        }
    }

    /**
     * Automation is still running on an incident older than its severity's MTTR target (the
     * playbook's escalation trigger "MTTR target exceeded"): emitted once per execution.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemediationOverdue(UUID executionId, String runbookId, String action, String target,
                                     String severity, long mttrTargetSeconds, long elapsedSeconds) {
    }

    // ---- comms -------------------------------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Escalated(int level, List<String> targets, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PageSent(String target, String channel, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AcknowledgementRequested(String target, String reason) {
    }

    /**
     * A person acknowledged the incident (the envelope's {@code incidentId}) through a page's one-time
     * acknowledge link, at {@code acknowledgedAt}; emitted once per link. Detection applies it as an
     * acknowledgement by {@code by} (then emits its IncidentAcknowledged, once). {@code by}: the paged user, or
     * {@code channel <name>} for a page to a channel; {@code user}: the paged user, null for a channel;
     * {@code level}: the policy level of the page (1-based).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PageAcknowledged(UUID pageId, String by, String user, int level, Instant acknowledgedAt) {
    }

    // ---- catalog (triage, on catalog-events) -------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KubernetesRef(String namespace, String deployment) {
    }

    /** The full current state of one catalog entry (not a delta), so replicas converge. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CatalogServiceUpserted(String name, int tier, String owner, String kind,
                                         List<String> dependsOn, KubernetesRef kubernetes,
                                         long revision) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CatalogServiceDeleted(String name, long revision) {
    }
}
