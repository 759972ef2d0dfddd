package io.irsuite.triage.support;

/** The tokens of the %test profile. */
public final class Tokens {

    public static final String ADMIN = "test-admin-token";
    public static final String VIEWER = "viewer-token";
    public static final String INGEST = "ingest-token";
    public static final String CATALOG_ADMIN = "catalog-admin-token";
    public static final String RESPONDER = "responder-token";

    private Tokens() {
    }
}
