package io.irsuite.remediation.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokensTest {

    @Test
    void parsesAdminAndRoleTokens() {
        ApiTokens tokens = ApiTokens.parse(Optional.of("root"), Optional.of("v=viewer, r=responder+viewer ,a=b=admin"));
        assertEquals(ApiTokens.ALL_ROLES, tokens.find("root").orElseThrow().roles());
        assertEquals("admin", tokens.find("root").orElseThrow().principal());
        assertEquals(Set.of("viewer"), tokens.find("v").orElseThrow().roles());
        assertEquals(Set.of("responder", "viewer"), tokens.find("r").orElseThrow().roles());
        assertEquals(Set.of("admin", "responder", "viewer"), tokens.find("a=b").orElseThrow().roles());
        assertTrue(tokens.find("r").orElseThrow().principal().startsWith("token-"));
        assertTrue(tokens.find("nope").isEmpty());
        assertTrue(tokens.find("").isEmpty());
    }

    @Test
    void rolesImplyTheRolesBelowThem() {
        ApiTokens tokens = ApiTokens.parse(Optional.empty(), Optional.of("a=admin,r=responder,i=ingest,v=viewer"));
        assertEquals(Set.of("admin", "responder", "viewer"), tokens.find("a").orElseThrow().roles());
        assertEquals(Set.of("responder", "viewer"), tokens.find("r").orElseThrow().roles());
        assertEquals(Set.of("ingest"), tokens.find("i").orElseThrow().roles());
        assertEquals(Set.of("viewer"), tokens.find("v").orElseThrow().roles());
        assertEquals(ApiTokens.ALL_ROLES, ApiTokens.withImplied(ApiTokens.ALL_ROLES));
    }

    @Test
    void noTokensMeansNobodyGetsIn() {
        ApiTokens tokens = ApiTokens.parse(Optional.empty(), Optional.empty());
        assertTrue(tokens.find("anything").isEmpty());
        assertTrue(ApiTokens.parse(Optional.of("  "), Optional.empty()).find("  ").isEmpty());
    }

    @Test
    void rejectsEntriesWithoutRoles() {
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse(Optional.empty(), Optional.of("justatoken")));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse(Optional.empty(), Optional.of("t=")));
    }
}
