package io.irsuite.triage.config;

import java.util.Set;
import java.util.TreeSet;

/** The roles a token may hold. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String INGEST = "ingest";
    public static final String RESPONDER = "responder";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(VIEWER, INGEST, RESPONDER, ADMIN);

    private Roles() {
    }

    /** {@code roles} plus what they imply: admin implies responder and viewer, responder implies viewer, ingest nothing. */
    public static Set<String> withImplied(Set<String> roles) {
        Set<String> all = new TreeSet<>(roles);
        if (all.contains(ADMIN)) {
            all.add(RESPONDER);
        }
        if (all.contains(RESPONDER)) {
            all.add(VIEWER);
        }
        return Set.copyOf(all);
    }
}
