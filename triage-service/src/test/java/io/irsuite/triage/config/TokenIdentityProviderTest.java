package io.irsuite.triage.config;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenIdentityProviderTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "admin, admin+responder+viewer",
            "responder, responder+viewer",
            "ingest, ingest",
            "viewer, viewer",
            "admin+ingest, admin+ingest+responder+viewer",
    })
    void rolesImplyTheRolesBelowThem(String configured, String expected) {
        assertEquals(roles(expected), Roles.withImplied(roles(configured)));
    }

    @Test
    void apiTokensGetTheImpliedRolesAndTheAdminTokenHasAll() {
        TokenIdentityProvider provider = new TokenIdentityProvider(
                config(Optional.of("root"), Optional.of("a=admin,r=responder,i=ingest,v=viewer")));
        assertEquals(Roles.ALL, rolesOf(provider, "root"));
        assertEquals(Set.of("admin", "responder", "viewer"), rolesOf(provider, "a"));
        assertEquals(Set.of("responder", "viewer"), rolesOf(provider, "r"));
        assertEquals(Set.of("ingest"), rolesOf(provider, "i"));
        assertEquals(Set.of("viewer"), rolesOf(provider, "v"));
    }

    private static Set<String> roles(String plusSeparated) {
        return Set.copyOf(Arrays.asList(plusSeparated.split("\\+")));
    }

    private static Set<String> rolesOf(TokenIdentityProvider provider, String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null)
                .await().indefinitely().getRoles();
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
            public Outbox outbox() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Triage triage() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
