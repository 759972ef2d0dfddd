package io.irsuite.detection.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokensTest {

    @Test
    void parsesTokensWithSeveralRoles() {
        var entries = ApiTokens.parse(" a=viewer , b=ingest+responder,");
        assertEquals(2, entries.size());
        assertEquals(Set.of("viewer"), entries.get(0).roles());
        assertEquals(Set.of("ingest", "responder", "viewer"), entries.get(1).roles());
    }

    @Test
    void rolesImplyTheRolesBelowThem() {
        var entries = ApiTokens.parse("a=admin,r=responder,i=ingest,v=viewer");
        assertEquals(Set.of("admin", "responder", "viewer"), entries.get(0).roles());
        assertEquals(Set.of("responder", "viewer"), entries.get(1).roles());
        assertEquals(Set.of("ingest"), entries.get(2).roles());
        assertEquals(Set.of("viewer"), entries.get(3).roles());
        assertEquals("token:admin", entries.get(0).name());
        assertEquals(ApiTokens.ALL_ROLES, ApiTokens.withImplied(ApiTokens.ALL_ROLES));
    }

    @Test
    void refusesMalformedEntriesAndUnknownRoles() {
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("justatoken"));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("=viewer"));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("t=superuser"));
    }

    @Test
    void adminTokenHasEveryRoleAndUnknownTokensNothing() {
        ApiTokens tokens = new ApiTokens(config(Optional.of("root"), Optional.of("v=viewer")));
        assertEquals(ApiTokens.ALL_ROLES, tokens.lookup("root").orElseThrow().roles());
        assertEquals(Set.of("viewer"), tokens.lookup("v").orElseThrow().roles());
        assertTrue(tokens.lookup("rootx").isEmpty());
        assertTrue(tokens.lookup("").isEmpty());
    }

    @Test
    void blankAdminTokenIsNoToken() {
        ApiTokens tokens = new ApiTokens(config(Optional.of("  "), Optional.empty()));
        assertTrue(tokens.lookup("").isEmpty());
        assertTrue(tokens.lookup("  ").isEmpty());
    }

    private static IrConfig config(Optional<String> admin, Optional<String> api) {
        return new IrConfig() {
            @Override
            public Optional<String> adminToken() {
                return admin;
            }

            @Override
            public Optional<String> apiTokens() {
                return api;
            }

            @Override
            public Detection detection() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Outbox outbox() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
