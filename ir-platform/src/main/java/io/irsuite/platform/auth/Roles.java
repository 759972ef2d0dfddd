package io.irsuite.platform.auth;

import java.util.LinkedHashSet;
import java.util.Set;

/** The roles a token may hold, the same in every service. */
public final class Roles {

    /** Read anything. */
    public static final String VIEWER = "viewer";
    /** Send alerts and changes; implies nothing, so that sources stay write-only. */
    public static final String INGEST = "ingest";
    /** Acknowledge, resolve, approve, reject, give feedback; implies viewer. */
    public static final String RESPONDER = "responder";
    /** Configure catalog, runbooks, channels; implies responder and viewer. */
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(VIEWER, INGEST, RESPONDER, ADMIN);

    private Roles() {
    }

    /** {@code roles} plus what they imply: admin implies responder and viewer, responder implies viewer. */
    public static Set<String> withImplied(Set<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        if (all.contains(ADMIN)) {
            all.add(RESPONDER);
        }
        if (all.contains(RESPONDER)) {
            all.add(VIEWER);
        }
        return Set.copyOf(all);
    }
}
