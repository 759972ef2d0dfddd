package io.irsuite.platform;

import io.irsuite.platform.auth.ApiTokens;
import io.irsuite.platform.auth.Roles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        assertEquals(Set.of(), entries.get(0).teams());
        assertEquals("token:viewer", entries.get(1).principal());
        assertEquals(Set.of("viewer", "responder"), entries.get(2).roles());
        assertEquals(Set.of("ingest"), entries.get(3).roles());
        assertEquals("token:admin+ingest", entries.get(4).principal());
        assertEquals(Roles.ALL, entries.get(4).roles());
        assertTrue(entries.stream().allMatch(e -> e.teams().isEmpty()));
    }

    @Test
    void aTokenMayNameSomeoneAndTheirTeams() {
        var entries = ApiTokens.parse("t1=responder+viewer:alice:team-sre+team-dba, t2 = responder : bob ,"
                + "YWJj==viewer:svc.bot@example.com:ops_1+ops_1, t3=admin:" + "a".repeat(100));
        assertEquals(4, entries.size());
        var alice = entries.get(0);
        assertEquals("alice", alice.principal());
        assertEquals(Set.of("responder", "viewer"), alice.roles());
        assertEquals(Set.of("team-sre", "team-dba"), alice.teams());
        assertArrayEquals("t1".getBytes(StandardCharsets.UTF_8), alice.token());
        assertEquals("bob", entries.get(1).principal());
        assertEquals(Set.of(), entries.get(1).teams());
        assertArrayEquals("t2".getBytes(StandardCharsets.UTF_8), entries.get(1).token());
        // the token is everything before the last '=': a base64 token keeps its padding
        assertEquals("svc.bot@example.com", entries.get(2).principal());
        assertArrayEquals("YWJj=".getBytes(StandardCharsets.UTF_8), entries.get(2).token());
        assertEquals(Set.of("ops_1"), entries.get(2).teams());
        assertEquals("a".repeat(100), entries.get(3).principal());
        assertEquals(Set.of("admin", "responder", "viewer"), entries.get(3).roles());
    }

    @Test
    void twoTokensMayShareANameWhileOneIsRotated() {
        var entries = ApiTokens.parse("old-secret=responder:alice:team-sre,new-secret=responder:alice:team-sre");
        assertEquals(2, entries.size());
        assertEquals("alice", entries.get(0).principal());
        assertEquals("alice", entries.get(1).principal());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "s3cret=                                  | is not token=role+role[:name[:team+team]]",
            "s3cret                                   | is not token=role+role[:name[:team+team]]",
            "=viewer                                  | is not token=role+role[:name[:team+team]]",
            "s3cret=viewer+root                       | unknown role 'root'",
            "s3cret=viewer+                           | unknown role ''",
            "s3cret=:alice                            | unknown role ''",
            "s3cret=viewer:                           | empty name",
            "s3cret=viewer::team-sre                  | empty name",
            "s3cret=viewer:al ice                     | invalid name 'al ice'",
            "s3cret=viewer:-alice                     | invalid name '-alice'",
            "s3cret=viewer:al/ice                     | invalid name 'al/ice'",
            "s3cret=viewer:admin                      | the name 'admin'",
            "s3cret=viewer:Admin                      | the name 'admin'",
            "s3cret=viewer:alice:                     | invalid team ''",
            "s3cret=viewer:alice:team-sre+            | invalid team ''",
            "s3cret=viewer:alice:team+.dot            | invalid team '.dot'",
            "s3cret=viewer:alice:team sre             | invalid team 'team sre'",
            "s3cret=viewer:alice:team-sre:more        | more than roles, a name and teams",
            "s3=cret=viewer:bad name                  | invalid name 'bad name'",
    })
    void malformedEntriesFailFastNamingTheEntryWithoutItsSecret(String entry, String problem) {
        var e = assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("ok=viewer," + entry));
        assertTrue(e.getMessage().startsWith("ir.api-tokens entry ***"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("s3"), e.getMessage());
        assertFalse(e.getMessage().contains("cret"), e.getMessage());
    }

    @Test
    void namesAndTeamsHaveAnUpperLength() {
        var name = assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("t=viewer:" + "a".repeat(101)));
        assertTrue(name.getMessage().contains("invalid name"), name.getMessage());
        var team = assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("t=viewer:a:" + "b".repeat(101)));
        assertTrue(team.getMessage().contains("invalid team"), team.getMessage());
    }

    @Test
    void blankAdminTokenAndEmptyItemsAreNoTokens() {
        assertTrue(ApiTokens.build(Optional.of("  "), Optional.of(" , ")).isEmpty());
    }
}
