package io.irsuite.comms.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What stakeholders were last told about an incident, and the net change since: a burst of events becomes one
 * update that states where things ended up, and a burst that changed nothing in the end says nothing. Pure.
 */
public final class UpdateDigest {

    private UpdateDigest() {
    }

    /**
     * The parts of an incident an update speaks about.
     *
     * @param status      the public status word
     * @param remediation the latest remediation and where it stands, in words; null before any
     */
    public record Told(String severity, String status, String rootCauseService, String rootCauseCategory,
                       List<String> services, String remediation) {

        public Told {
            services = services == null ? List.of() : List.copyOf(services);
        }
    }

    /** What an update about {@code s} tells. */
    public static Told told(IncidentState s) {
        String service = s.rootCause() == null || Texts.blank(s.rootCause().service()) ? null : s.rootCause().service();
        String category = service == null ? null : s.rootCause().category();
        RemediationState r = s.remediation();
        String remediation = r == null ? null : r.describe() + " " + (RemediationState.RUNNING.equals(r.status())
                ? "started" : r.outcome() + (r.gaveUp() && !Texts.blank(r.detail())
                ? " (" + Texts.clip(r.detail()) + ")" : ""));
        return new Told(s.severity(), StatusWords.publicWord(s.status()), service, category, s.services(), remediation);
    }

    /** The changes from {@code was} (null: nothing told yet) to {@code now}, in words, most important first. */
    public static List<String> changes(Told was, Told now) {
        Told before = was == null ? new Told(null, null, null, null, List.of(), null) : was;
        List<String> out = new ArrayList<>();
        if (!Objects.equals(before.severity(), now.severity()) && now.severity() != null) {
            out.add(before.severity() == null ? "severity " + now.severity()
                    : "severity " + (Severity.orLowest(now.severity()).ordinal() < Severity.orLowest(before.severity()).ordinal()
                    ? "raised" : "lowered") + " from " + before.severity() + " to " + now.severity());
        }
        if (!Objects.equals(before.status(), now.status())) {
            out.add("status now " + now.status());
        }
        if (!Objects.equals(before.rootCauseService(), now.rootCauseService())
                || !Objects.equals(before.rootCauseCategory(), now.rootCauseCategory())) {
            out.add(now.rootCauseService() == null ? "root cause under investigation again"
                    : (before.rootCauseService() == null ? "likely root cause: " : "likely root cause now: ")
                    + now.rootCauseService() + (Texts.blank(now.rootCauseCategory()) ? "" : " (" + now.rootCauseCategory() + ")"));
        }
        List<String> added = new ArrayList<>(now.services());
        added.removeAll(before.services());
        if (!added.isEmpty() && !before.services().isEmpty()) {
            out.add("now also affecting " + String.join(", ", added));
        }
        if (!Objects.equals(before.remediation(), now.remediation()) && now.remediation() != null) {
            out.add(now.remediation());
        }
        return out;
    }

    /**
     * Whether a change-driven update goes out: something changed, and for an incident told only at start and
     * end (no cadence, e.g. SEV4) only a change of severity.
     */
    public static boolean worthAnUpdate(Told was, Told now, boolean hasCadence) {
        List<String> changes = changes(was, now);
        if (changes.isEmpty()) {
            return false;
        }
        return hasCadence || was == null || !Objects.equals(was.severity(), now.severity());
    }
}
