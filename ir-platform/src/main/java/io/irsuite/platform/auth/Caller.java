package io.irsuite.platform.auth;

import java.util.Collection;
import java.util.Set;

/**
 * Who made a request: the token's name (or {@code admin}, or {@code token:<roles>} for a token
 * without a name), its teams and its roles (implied ones included). Read it with {@link Callers#of}.
 */
public record Caller(String name, Set<String> teams, Set<String> roles) {

    public Caller {
        teams = Set.copyOf(teams);
        roles = Set.copyOf(roles);
    }

    /**
     * True for a shared token (the admin token, or a token without a name): an integration uses it for people, so
     * it may say whom an action is by. False for a person (a named token, a provider's JWT), who acts as themself.
     */
    public boolean isShared() {
        return name.equals(ApiTokens.ADMIN_PRINCIPAL) || name.startsWith(ApiTokens.UNNAMED_PREFIX);
    }

    /** True when {@code names} (a list of people and teams, such as a runbook's approvers) holds this caller's name or one of its teams. */
    public boolean isAnyOf(Collection<String> names) {
        return names.contains(name) || teams.stream().anyMatch(names::contains);
    }
}
