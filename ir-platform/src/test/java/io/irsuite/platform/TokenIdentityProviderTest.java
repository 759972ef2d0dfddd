package io.irsuite.platform;

import io.irsuite.platform.auth.ApiTokens;
import io.irsuite.platform.auth.Caller;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.OidcTokens;
import io.irsuite.platform.auth.TokenIdentityProvider;
import io.irsuite.platform.config.PlatformConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a service sees of a token: the identity's principal, roles and teams, read through {@link Callers}. */
class TokenIdentityProviderTest {

    private final PlatformConfig config = config(
            "root", "a-secret=responder+viewer:alice:team-sre+team-dba,b-secret=responder,c-secret=viewer:bob");
    // OIDC off: a token that is not configured is refused (OidcTokenFlowTest in detection has it on)
    private final TokenIdentityProvider provider = new TokenIdentityProvider(new ApiTokens(config),
            new OidcTokens(false, Optional.empty(), null, config));

    @Test
    void aNamedTokenIsItsNameWithItsTeams() {
        SecurityIdentity identity = authenticate("a-secret");
        assertEquals("alice", identity.getPrincipal().getName());
        Caller caller = Callers.of(identity);
        assertEquals(new Caller("alice", Set.of("team-sre", "team-dba"), Set.of("responder", "viewer")), caller);
        assertTrue(caller.isAnyOf(List.of("team-dba")));
        assertTrue(caller.isAnyOf(List.of("carol", "alice")));
        assertFalse(caller.isAnyOf(List.of("team-web", "carol")));
        assertFalse(caller.isAnyOf(List.of()));
    }

    @Test
    void unnamedAndAdminTokensKeepTheirPrincipalsAndHaveNoTeams() {
        assertEquals(new Caller("token:responder", Set.of(), Set.of("responder", "viewer")), Callers.of(authenticate("b-secret")));
        assertEquals(new Caller("bob", Set.of(), Set.of("viewer")), Callers.of(authenticate("c-secret")));
        Caller admin = Callers.of(authenticate("root"));
        assertEquals("admin", admin.name());
        assertEquals(Set.of(), admin.teams());
        assertEquals(Set.of("viewer", "ingest", "responder", "admin"), admin.roles());
        // the admin token is in no team: a runbook's approvers must name "admin" to let it approve
        assertFalse(admin.isAnyOf(List.of("team-sre")));
    }

    @Test
    void anUnknownTokenIsRefusedAndNoTokenIsAnonymous() {
        assertThrows(AuthenticationFailedException.class, () -> authenticate("nope"));
        assertEquals(Callers.ANONYMOUS, Callers.of(QuarkusSecurityIdentity.builder().setAnonymous(true).build()).name());
    }

    private SecurityIdentity authenticate(String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null)
                .await().indefinitely();
    }

    private static PlatformConfig config(String admin, String tokens) {
        return new PlatformConfig() {
            @Override
            public Optional<String> adminToken() {
                return Optional.of(admin);
            }

            @Override
            public Optional<String> apiTokens() {
                return Optional.of(tokens);
            }

            @Override
            public Oidc oidc() {
                return new Oidc() {
                    @Override
                    public Optional<String> teamsClaim() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<List<String>> roleMap() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public Outbox outbox() {
                return null;
            }

            @Override
            public Retention retention() {
                return null;
            }

            @Override
            public Outage outage() {
                return null;
            }
        };
    }
}
