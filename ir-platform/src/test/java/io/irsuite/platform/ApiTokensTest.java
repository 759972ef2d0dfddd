package io.irsuite.platform;

import io.irsuite.platform.auth.ApiTokens;
import io.irsuite.platform.auth.Roles;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokensTest {

    @Test
    void parsesTokensWithImpliedRolesAndOnePrincipalScheme() {
        var entries = ApiTokens.build(Optional.of(" root "), Optional.of("v=viewer, r=responder ,i=ingest,a=admin+ingest"));
        assertEquals(5, entries.size());
        assertEquals("admin", entries.get(0).principal());
        assertEquals(Roles.ALL, entries.get(0).roles());
        assertEquals("token:viewer", entries.get(1).principal());
        assertEquals(Set.of("viewer", "responder"), entries.get(2).roles());
        assertEquals(Set.of("ingest"), entries.get(3).roles());
        assertEquals("token:admin+ingest", entries.get(4).principal());
        assertEquals(Roles.ALL, entries.get(4).roles());
    }

    @Test
    void malformedEntriesFailFastWithoutShowingTheSecret() {
        var noRole = assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("s3cret="));
        assertFalse(noRole.getMessage().contains("s3cret"), noRole.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("s3cret=viewer+root"));
        assertTrue(unknown.getMessage().contains("'root'"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("s3cret"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("just-a-token"));
    }

    @Test
    void blankAdminTokenAndEmptyItemsAreNoTokens() {
        assertTrue(ApiTokens.build(Optional.of("  "), Optional.of(" , ")).isEmpty());
    }
}
