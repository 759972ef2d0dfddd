package io.irsuite.comms.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiTokensTest {

    @Test
    void tokensMapToTheirRolesAndTheAdminHasAll() {
        ApiTokens tokens = ApiTokens.parse(Optional.of("root"),
                Optional.of(" viewer-token = viewer , ops=responder+viewer,broken, =admin,empty="));
        assertEquals(Optional.of(ApiTokens.ALL_ROLES), tokens.rolesOf("root"));
        assertEquals(Optional.of(Set.of("viewer")), tokens.rolesOf("viewer-token"));
        assertEquals(Optional.of(Set.of("responder", "viewer")), tokens.rolesOf("ops"));
        assertEquals(Optional.empty(), tokens.rolesOf("broken"));
        assertEquals(Optional.empty(), tokens.rolesOf("empty"));
        assertEquals(Optional.empty(), tokens.rolesOf(""));
        assertEquals(Optional.empty(), tokens.rolesOf("ROOT"));
    }

    @Test
    void rolesImplyTheRolesBelowThem() {
        ApiTokens tokens = ApiTokens.parse(Optional.empty(), Optional.of("a=admin,r=responder,i=ingest,v=viewer"));
        assertEquals(Optional.of(Set.of("admin", "responder", "viewer")), tokens.rolesOf("a"));
        assertEquals(Optional.of(Set.of("responder", "viewer")), tokens.rolesOf("r"));
        assertEquals(Optional.of(Set.of("ingest")), tokens.rolesOf("i"));
        assertEquals(Optional.of(Set.of("viewer")), tokens.rolesOf("v"));
        assertEquals(ApiTokens.ALL_ROLES, ApiTokens.withImplied(ApiTokens.ALL_ROLES));
    }

    @Test
    void noConfigurationMeansNoValidToken() {
        ApiTokens tokens = ApiTokens.parse(Optional.empty(), Optional.empty());
        assertEquals(Optional.empty(), tokens.rolesOf("anything"));
        assertEquals(Optional.empty(), ApiTokens.parse(Optional.of("  "), Optional.empty()).rolesOf("  "));
    }
}
