package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What customers read about an incident: fixed templates filled only with the status word, the affected
 * public components' display names and the impact in words. Pure. Nothing an event carried (titles, alert
 * text, step output, reasons, notes, ids) is ever an input, so nothing of it can reach the status page.
 */
public final class CustomerWords {

    /** The update kinds customers see; page and escalation (and any kind added later) are internal. */
    public static final Set<String> PUBLIC_KINDS = Set.of(NotificationKind.initial.name(), NotificationKind.update.name(),
            NotificationKind.resolution.name());

    private static final List<String> STATUS_WORDS = List.of(StatusWords.INVESTIGATING, StatusWords.IDENTIFIED,
            StatusWords.MONITORING_WORD, StatusWords.RESOLVED_WORD);

    /** A stored stakeholder update, as the status page needs it. */
    public record StoredUpdate(Instant at, String kind, String status, String severity, String text) {
    }

    private CustomerWords() {
    }

    /** Statuspage's incident impact: SEV1 critical, SEV2 major, SEV3 minor, SEV4 (or unknown) none. */
    public static String impact(String severity) {
        return switch (Severity.orLowest(severity)) {
            case SEV1 -> "critical";
            case SEV2 -> "major";
            case SEV3 -> "minor";
            case SEV4 -> "none";
        };
    }

    /** "Partial outage affecting Checkout and Payments". */
    public static String title(ComponentStatus impact, List<String> components) {
        String what = impact == ComponentStatus.operational ? "Issue" : impact.words();
        return what + " affecting " + names(components);
    }

    /**
     * The public updates of an incident, oldest first: one per stored update of a public kind whose status
     * word or impact differs from the previous published one (repeats say nothing new to a customer).
     */
    public static List<StatusPage.Update> publicUpdates(List<StoredUpdate> stored, List<String> components) {
        List<StatusPage.Update> out = new ArrayList<>();
        String lastStatus = null;
        ComponentStatus lastImpact = null;
        for (StoredUpdate u : stored) {
            if (!PUBLIC_KINDS.contains(u.kind())) {
                continue;
            }
            String status = statusWord(u.status());
            ComponentStatus impact = ComponentStatus.ofSeverity(u.severity());
            if (status.equals(lastStatus) && impact == lastImpact) {
                continue;
            }
            out.add(new StatusPage.Update(u.at(), status, text(u.kind(), status, impact, out.isEmpty(), components)));
            lastStatus = status;
            lastImpact = impact;
        }
        return out;
    }

    /**
     * The template of one update. {@code initial} (or the first published update while investigating):
     * "We are investigating a partial outage affecting X."; {@code resolution} or status resolved: "This
     * incident has been resolved and X is operating normally."; otherwise by status: investigating "We are
     * continuing to investigate the issue affecting X. Current impact: partial outage.", identified "We have
     * identified the cause of the issue affecting X and are working on a fix. Current impact: ...",
     * monitoring "A fix has been put in place for X and we are monitoring the results."
     */
    static String text(String kind, String status, ComponentStatus impact, boolean first, List<String> components) {
        String names = names(components);
        if (NotificationKind.resolution.name().equals(kind) || StatusWords.RESOLVED_WORD.equals(status)) {
            return "This incident has been resolved and " + names + (components.size() == 1 ? " is" : " are")
                    + " operating normally.";
        }
        if (NotificationKind.initial.name().equals(kind) || (first && StatusWords.INVESTIGATING.equals(status))) {
            return "We are investigating " + phrase(impact) + " affecting " + names + ".";
        }
        return switch (status) {
            case StatusWords.IDENTIFIED -> "We have identified the cause of the issue affecting " + names
                    + " and are working on a fix. Current impact: " + current(impact) + ".";
            case StatusWords.MONITORING_WORD -> "A fix has been put in place for " + names
                    + " and we are monitoring the results.";
            default -> "We are continuing to investigate the issue affecting " + names + ". Current impact: "
                    + current(impact) + ".";
        };
    }

    /** One of investigating, identified, monitoring, resolved (anything else reads investigating). */
    static String statusWord(String stored) {
        return stored != null && STATUS_WORDS.contains(stored) ? stored : StatusWords.INVESTIGATING;
    }

    private static String phrase(ComponentStatus impact) {
        return switch (impact) {
            case major_outage -> "a major outage";
            case partial_outage -> "a partial outage";
            case degraded_performance -> "degraded performance";
            default -> "an issue";
        };
    }

    private static String current(ComponentStatus impact) {
        return impact == ComponentStatus.operational ? "minor" : impact.words().toLowerCase(java.util.Locale.ROOT);
    }

    /** "A", "A and B", "A, B and C"; "our services" when there are none. */
    static String names(List<String> names) {
        if (names.isEmpty()) {
            return "our services";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
