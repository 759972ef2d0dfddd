package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Folds one event into an incident's state. Pure. Events may arrive late or twice across producers,
 * so status changes older than the last applied one lose, first timestamps win, and older triage
 * versions are ignored.
 */
public final class IncidentProjection {

    private IncidentProjection() {
    }

    /** The state after {@code payload} (the typed record of the event), which occurred at {@code at}. */
    public static IncidentState apply(IncidentState s, Record payload, Instant at) {
        if (payload instanceof Payloads.IncidentOpened p) {
            return s.with(b -> {
                b.title = p.title();
                if (p.severity() != null && b.triageVersion == 0) {
                    b.severity = p.severity();
                }
                b.services = union(b.services, p.services());
                b.startedAt = earliest(b.startedAt, p.startedAt() != null ? p.startedAt() : at);
                b.detectedAt = earliest(b.detectedAt, p.detectedAt() != null ? p.detectedAt() : at);
                b.impact = Texts.impactOf(p.alert(), p.services());
                setStatus(b, p.status() == null ? StatusWords.OPEN : p.status(), at);
            });
        }
        if (payload instanceof Payloads.AlertAttached p) {
            return s.with(b -> b.services = union(b.services, p.services()));
        }
        if (payload instanceof Payloads.IncidentSeverityChanged p) {
            return p.to() == null ? s : s.with(b -> b.severity = p.to());
        }
        if (payload instanceof Payloads.IncidentStatusChanged p) {
            return p.to() == null ? s : s.with(b -> {
                setStatus(b, p.to(), at);
                if (StatusWords.MONITORING.equals(p.to())) {
                    b.mitigatedAt = earliest(b.mitigatedAt, at);
                }
            });
        }
        if (payload instanceof Payloads.IncidentAcknowledged p) {
            return s.with(b -> b.acknowledgedAt = earliest(b.acknowledgedAt,
                    p.acknowledgedAt() != null ? p.acknowledgedAt() : at));
        }
        if (payload instanceof Payloads.IncidentMitigated p) {
            return s.with(b -> {
                b.mitigatedAt = earliest(b.mitigatedAt, p.mitigatedAt() != null ? p.mitigatedAt() : at);
                setStatus(b, StatusWords.MONITORING, at);
            });
        }
        if (payload instanceof Payloads.IncidentResolved p) {
            return s.with(b -> {
                if (setStatus(b, StatusWords.RESOLVED, at)) {
                    b.resolvedAt = p.resolvedAt() != null ? p.resolvedAt() : at;
                }
                if (p.startedAt() != null) {
                    b.startedAt = earliest(b.startedAt, p.startedAt());
                }
            });
        }
        if (payload instanceof Payloads.IncidentReopened p) {
            return s.with(b -> {
                if (setStatus(b, StatusWords.OPEN, at)) {
                    b.resolvedAt = null;
                }
                if (p.alert() != null && p.alert().service() != null) {
                    b.services = union(b.services, List.of(p.alert().service()));
                }
            });
        }
        if (payload instanceof Payloads.IncidentTriaged p) {
            if (p.version() <= s.triageVersion() && s.triageVersion() > 0) {
                return s;
            }
            return s.with(b -> {
                b.triageVersion = Math.max(1, p.version());
                if (p.severity() != null) {
                    b.severity = p.severity();
                }
                b.rootCause = p.rootCause();
                b.actions = p.recommendedActions();
                b.blastRadius = p.blastRadius();
            });
        }
        if (payload instanceof Payloads.RemediationApprovalRequested p) {
            return s.with(b -> b.remediation = RemediationState.begun(p.executionId(), p.runbookId(), p.action(),
                    p.target(), RemediationState.PENDING_APPROVAL, at, p.reason(), false));
        }
        if (payload instanceof Payloads.RemediationStarted p) {
            return s.with(b -> b.remediation = RemediationState.begun(p.executionId(), p.runbookId(), p.action(),
                    p.target(), RemediationState.RUNNING, at, p.reason(), p.isDryRun()));
        }
        if (payload instanceof Payloads.RemediationSucceeded p) {
            return s.with(b -> b.remediation = current(b.remediation, p.executionId(), p.runbookId(), p.action(),
                    p.target()).finish(RemediationState.SUCCEEDED, at, null, null, p.isDryRun()));
        }
        if (payload instanceof Payloads.RemediationFailed p) {
            return s.with(b -> b.remediation = current(b.remediation, p.executionId(), p.runbookId(), p.action(),
                    p.target()).finish(RemediationState.FAILED, at, p.error(), p.failure(), false));
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return s.with(b -> b.remediation = current(b.remediation, p.executionId(), p.runbookId(), p.action(),
                    p.target()).finish(RemediationState.ROLLED_BACK, at, p.reason(), p.failure(), false));
        }
        if (payload instanceof Payloads.RemediationOverdue p) {
            return s.with(b -> b.remediation = current(b.remediation, p.executionId(), p.runbookId(), p.action(),
                    p.target()).overdue(RemediationWords.overdue(p.severity(), p.mttrTargetSeconds(), p.elapsedSeconds())));
        }
        return s;
    }

    /** Applies a status unless a newer status event was already applied; true when it was applied. */
    private static boolean setStatus(IncidentState.Builder b, String status, Instant at) {
        if (b.statusAt != null && at.isBefore(b.statusAt)) {
            return false;
        }
        b.status = status;
        b.statusAt = at;
        return true;
    }

    /** The remediation the event is about: the current one when it is the same execution (or unnamed), else a new one. */
    private static RemediationState current(RemediationState current, java.util.UUID executionId, String runbookId,
                                            String action, String target) {
        return current != null && (executionId == null || executionId.equals(current.executionId()))
                ? current
                : RemediationState.begun(executionId, runbookId, action, target, RemediationState.RUNNING, null, null,
                false);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a == null ? List.of() : a);
        if (b != null) {
            b.stream().filter(x -> x != null && !x.isBlank()).forEach(all::add);
        }
        return new ArrayList<>(all);
    }
}
