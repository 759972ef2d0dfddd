package io.irsuite.comms.console;

import io.irsuite.platform.auth.Roles;

import java.util.Set;

/**
 * A signed-in person: the session id from the cookie, who the token names, its roles, and the token itself
 * (kept only in memory for the request, to call other services as that person).
 */
public record ConsoleSession(String id, String principal, Set<String> roles, String token) {

    public ConsoleSession {
        roles = Set.copyOf(roles);
    }

    /** The CSRF token every form of this session carries. */
    public String csrf() {
        return SessionSeal.csrfToken(id);
    }

    /** Acknowledge and resolve need responder (admin implies it); a viewer sees no action buttons. */
    public boolean canAct() {
        return roles.contains(Roles.RESPONDER) || roles.contains(Roles.ADMIN);
    }

    /** Reads need viewer (responder and admin imply it); an ingest-only token cannot use the console. */
    public static boolean canRead(Set<String> roles) {
        return roles.contains(Roles.VIEWER) || roles.contains(Roles.RESPONDER) || roles.contains(Roles.ADMIN);
    }

    @Override
    public String toString() {
        return "ConsoleSession[" + principal + " " + roles + "]";
    }
}
