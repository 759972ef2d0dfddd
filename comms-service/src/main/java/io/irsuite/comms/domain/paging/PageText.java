package io.irsuite.comms.domain.paging;

import java.time.Instant;
import java.util.List;

/** The words of a page: who is paged, why, at which level, and the acknowledge link. Pure. */
public final class PageText {

    private PageText() {
    }

    public static String text(String severity, String title, String paged, int level, int repeat, String reason,
                              String policy, String ackLink, Instant expiresAt) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(severity == null ? "SEV?" : severity).append("] ");
        b.append(level == 1 && repeat == 0 ? "PAGE" : "ESCALATION").append(" level ").append(level);
        if (repeat > 0) {
            b.append(" (repeat ").append(repeat).append(')');
        }
        b.append(" to ").append(paged).append(": ").append(title).append(". Why: ").append(reason).append('.');
        if (level > 1 || repeat > 0) {
            b.append(" Nobody acknowledged the earlier level(s).");
        }
        b.append(" Policy: ").append(policy).append('.');
        b.append(" Acknowledge: ").append(ackLink).append(" (one use, expires ").append(expiresAt).append(").");
        return b.toString();
    }

    /** The timeline line of one firing. */
    public static String timeline(int level, int repeat, String policy, String reason, List<String> paged,
                                  List<String> notes) {
        StringBuilder b = new StringBuilder(level == 1 && repeat == 0 ? "Paged" : "Escalated to");
        b.append(" level ").append(level);
        if (repeat > 0) {
            b.append(" (repeat ").append(repeat).append(')');
        }
        b.append(" of policy ").append(policy).append(": ");
        b.append(paged.isEmpty() ? "nobody" : String.join(", ", paged));
        b.append(" (").append(reason).append(')');
        for (String note : notes) {
            b.append("; ").append(note);
        }
        return b.toString();
    }
}
