package io.irsuite.comms.domain;

import io.irsuite.events.Payloads.RemediationFailures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the end of a remediation reads for people: why it did not fix the incident (its {@code failure}
 * kind), that a dry run changed nothing, that automation outran the MTTR target. Pure; shared by the
 * timeline, the notification templates and the postmortem so that they say the same thing.
 */
public final class RemediationWords {

    /** A finished dry run. */
    public static final String DRY_RUN = "dry run: nothing was changed";
    /** A dry run that has started. */
    public static final String DRY_RUN_STARTED = "dry run: nothing will be changed";

    private RemediationWords() {
    }

    /** The failure kind in words; null when the producer did not say (an older remediation-service). */
    public static String failure(String failure) {
        if (Texts.blank(failure)) {
            return null;
        }
        return switch (failure) {
            case RemediationFailures.STEP_FAILED -> "a step failed";
            case RemediationFailures.NOT_RECOVERED -> "the service did not recover in time";
            case RemediationFailures.UNREACHABLE -> "the target could not be reached (not counted against the action)";
            case RemediationFailures.INTERRUPTED -> "interrupted by a restart of the suite (not counted against the action)";
            case RemediationFailures.REJECTED -> "rejected by a person";
            case RemediationFailures.CANCELLED -> "cancelled because a person took over or the incident resolved";
            // a kind newer than this build: its own name still says something
            default -> failure.replace('_', ' ').toLowerCase(Locale.ROOT);
        };
    }

    /**
     * How a FAILED or ROLLED_BACK remediation ended, without its free-text detail: "failed: a step failed",
     * "rolled back: the service did not recover in time", "rejected by a person"; "failed" / "rolled back"
     * when the kind is unknown.
     */
    public static String ended(boolean rolledBack, String failure) {
        String why = failure(failure);
        if (rolledBack) {
            return why == null ? "rolled back" : "rolled back: " + why;
        }
        if (why == null) {
            return "failed";
        }
        // a rejection or a cancel is a decision, not a failure of the action
        return RemediationFailures.REJECTED.equals(failure) || RemediationFailures.CANCELLED.equals(failure)
                ? why : "failed: " + why;
    }

    /** {@link #ended} followed by the producer's detail: "rolled back: the service did not recover in time — alerts still firing". */
    public static String ended(boolean rolledBack, String failure, String detail) {
        String ended = ended(rolledBack, failure);
        return Texts.blank(detail) ? ended : ended + " — " + Texts.clip(detail);
    }

    /**
     * "automation still running 16 min after the incident started, beyond the SEV2 MTTR target of 15 min"
     * (the playbook's escalation trigger "MTTR target exceeded").
     */
    public static String overdue(String severity, long mttrTargetSeconds, long elapsedSeconds) {
        return "automation still running " + span(elapsedSeconds) + " after the incident started, beyond the "
                + (Texts.blank(severity) ? "" : severity + " ") + "MTTR target of " + span(mttrTargetSeconds);
    }

    /**
     * How a remediation stands, in words: "awaiting approval", "running", "succeeded (dry run: nothing was
     * changed)", "rolled back: the service did not recover in time".
     */
    public static String outcome(String status, String failure, boolean dryRun) {
        if (status == null) {
            return "running";
        }
        return switch (status) {
            case RemediationState.PENDING_APPROVAL -> "awaiting approval";
            case RemediationState.RUNNING -> "running" + (dryRun ? " (" + DRY_RUN_STARTED + ")" : "");
            case RemediationState.SUCCEEDED -> "succeeded" + (dryRun ? " (" + DRY_RUN + ")" : "");
            case RemediationState.FAILED -> ended(false, failure);
            case RemediationState.ROLLED_BACK -> ended(true, failure);
            default -> status.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** 45 → "45 s", 960 → "16 min", 903 → "15 min 3 s", 5400 → "1 h 30 min": exact, so just past a target reads as past it. */
    static String span(long seconds) {
        long s = Math.max(0, seconds);
        List<String> parts = new ArrayList<>();
        if (s >= 3600) {
            parts.add(s / 3600 + " h");
        }
        if (s % 3600 >= 60) {
            parts.add(s % 3600 / 60 + " min");
        }
        if (s % 60 > 0 || s == 0) {
            parts.add(s % 60 + " s");
        }
        return String.join(" ", parts);
    }
}
