package io.irsuite.triage.config;

import java.util.Set;

/** The roles a token may hold. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String INGEST = "ingest";
    public static final String RESPONDER = "responder";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(VIEWER, INGEST, RESPONDER, ADMIN);

    private Roles() {
    }
}
