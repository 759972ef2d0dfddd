package io.irsuite.platform;

import io.irsuite.platform.auth.Caller;
import io.irsuite.platform.auth.Callers;
import io.irsuite.platform.auth.OidcTokens;
import io.irsuite.platform.config.PlatformConfig;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a service makes of a JWT quarkus-oidc has verified: the same {@link Caller} as a token's. The signature,
 * issuer, audience and expiry checks are quarkus-oidc's, against a real provider in comms' OidcBearerResourceTest;
 * here {@code verified} stands for quarkus-oidc and hands back the token's claims as it would.
 */
class OidcTokensTest {

    private final AtomicInteger verified = new AtomicInteger();
    private final TenantIdentityProvider quarkusOidc = credential -> {
        verified.incrementAndGet();
        try {
            String payload = new String(Base64.getUrlDecoder().decode(credential.getToken().split("\\.")[1]),
                    StandardCharsets.UTF_8);
            DefaultJWTCallerPrincipal jwt = new DefaultJWTCallerPrincipal(JwtClaims.parse(payload));
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRoles(jwt.getGroups())
                    .build());
        } catch (InvalidJwtException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    };

    @Test
    void theClaimedNameRolesAndTeamsMakeTheCaller() {
        OidcTokens tokens = tokens(true, "teams");
        long exp = Instant.now().getEpochSecond() + 300;
        SecurityIdentity identity = authenticate(tokens,
                "{\"preferred_username\":\"alice\",\"groups\":[\"responder\",\"developers\"],"
                        + "\"teams\":[\"team-sre\",\"not a team\"],\"exp\":" + exp + "}");
        assertEquals(new Caller("alice", Set.of("team-sre"), Set.of("responder", "viewer")), Callers.of(identity));
        assertEquals(Instant.ofEpochSecond(exp), identity.getAttribute(Callers.EXPIRES_AT));
        // a space-separated teams claim, and no role of ours at all
        assertEquals(new Caller("bob", Set.of("team-a", "team-b"), Set.of()), Callers.of(authenticate(tokens,
                "{\"preferred_username\":\"bob\",\"groups\":[\"developers\"],\"teams\":\"team-a team-b\",\"exp\":" + exp + "}")));
        // without a teams claim configured, nobody is in a team
        assertEquals(Set.of(), Callers.of(authenticate(tokens(true, null),
                "{\"preferred_username\":\"alice\",\"teams\":[\"team-sre\"],\"exp\":" + exp + "}")).teams());
    }

    @Test
    void aJwtThatNamesNoOneOrTheAdminIsRefused() {
        OidcTokens tokens = tokens(true, null);
        for (String claims : List.of("{\"groups\":[\"admin\"],\"exp\":1}", "{\"preferred_username\":\"Admin\",\"exp\":1}",
                "{\"preferred_username\":\"Alice Smith\",\"exp\":1}")) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate(tokens, claims), claims);
        }
    }

    @Test
    void offOrOpaqueNothingReachesTheProvider() {
        assertThrows(AuthenticationFailedException.class, () -> authenticate(tokens(false, null),
                "{\"preferred_username\":\"alice\",\"exp\":1}"));
        assertThrows(AuthenticationFailedException.class,
                () -> tokens(true, null).authenticate("an-opaque-token").await().indefinitely());
        assertEquals(0, verified.get());
    }

    @Test
    void onWithoutAnAudienceStopsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OidcTokens(true, Optional.empty(), quarkusOidc, config(null)));
        assertTrue(e.getMessage().contains("quarkus.oidc.token.audience"), e.getMessage());
    }

    @Test
    void theProvidersGroupsMapToOurRoles() {
        OidcTokens tokens = new OidcTokens(true, Optional.of(List.of("ir-suite")), quarkusOidc,
                config(null, List.of("sre-oncall=responder", " platform-leads = admin ", "developers=viewer")));
        long exp = Instant.now().getEpochSecond() + 300;
        assertEquals(Set.of("responder", "viewer"), Callers.of(authenticate(tokens,
                "{\"preferred_username\":\"alice\",\"groups\":[\"sre-oncall\",\"marketing\"],\"exp\":" + exp + "}")).roles());
        assertEquals(Set.of("admin", "responder", "viewer"), Callers.of(authenticate(tokens,
                "{\"preferred_username\":\"carol\",\"groups\":[\"platform-leads\"],\"exp\":" + exp + "}")).roles());
        // a value that is our role's name still counts as it; an unmapped group is no role
        assertEquals(Set.of("viewer"), Callers.of(authenticate(tokens,
                "{\"preferred_username\":\"bob\",\"groups\":[\"viewer\",\"developers\"],\"exp\":" + exp + "}")).roles());
        assertEquals(Set.of(), Callers.of(authenticate(tokens,
                "{\"preferred_username\":\"dan\",\"groups\":[\"marketing\"],\"exp\":" + exp + "}")).roles());
    }

    @Test
    void aRoleMapThatNamesNoRoleOfOursStopsTheStart() {
        for (List<String> pairs : List.of(List.of("sre-oncall=superuser"), List.of("sre-oncall"), List.of("=admin"),
                List.of("ops=viewer", "ops=admin"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OidcTokens(true,
                    Optional.of(List.of("ir-suite")), quarkusOidc, config(null, pairs)), pairs.toString());
            assertTrue(e.getMessage().startsWith("ir.oidc.role-map: "), e.getMessage());
        }
    }

    private OidcTokens tokens(boolean enabled, String teamsClaim) {
        return new OidcTokens(enabled, Optional.of(List.of("ir-suite")), quarkusOidc, config(teamsClaim));
    }

    private static SecurityIdentity authenticate(OidcTokens tokens, String claims) {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return tokens.authenticate("eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln").await().indefinitely();
    }

    private static PlatformConfig config(String teamsClaim) {
        return config(teamsClaim, null);
    }

    private static PlatformConfig config(String teamsClaim, List<String> roleMap) {
        return new PlatformConfig() {
            @Override
            public Optional<String> adminToken() {
                return Optional.empty();
            }

            @Override
            public Optional<String> apiTokens() {
                return Optional.empty();
            }

            @Override
            public Oidc oidc() {
                return new Oidc() {
                    @Override
                    public Optional<String> teamsClaim() {
                        return Optional.ofNullable(teamsClaim);
                    }

                    @Override
                    public Optional<List<String>> roleMap() {
                        return Optional.ofNullable(roleMap);
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
