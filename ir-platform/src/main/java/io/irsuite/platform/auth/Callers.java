package io.irsuite.platform.auth;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.LinkedHashSet;
import java.util.Set;

/** Reads the {@link Caller} out of a request's identity, as {@link TokenIdentityProvider} built it. */
public final class Callers {

    /** The identity attribute holding the token's teams (a {@code Set<String>}). */
    public static final String TEAMS = "ir.teams";
    /** The identity attribute holding when a provider's JWT expires (an {@code Instant}); tokens of ours have none. */
    public static final String EXPIRES_AT = "ir.expires-at";
    /** The name of a caller without a token (only public routes see one). */
    public static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(ANONYMOUS, Set.of(), Set.of());
        }
        Set<String> teams = new LinkedHashSet<>();
        if (identity.getAttribute(TEAMS) instanceof Set<?> set) {
            set.forEach(team -> teams.add(String.valueOf(team)));
        }
        return new Caller(identity.getPrincipal().getName(), teams, identity.getRoles());
    }
}
