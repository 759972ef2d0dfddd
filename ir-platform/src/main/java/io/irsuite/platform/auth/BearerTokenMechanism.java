package io.irsuite.platform.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>}; no header means anonymous (public routes stay public). It runs before
 * quarkus-oidc's mechanism, so every bearer token is decided here: a configured token, or a provider's JWT through
 * {@link TokenIdentityProvider} (an opaque token never goes to the provider).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not a bearer token"));
        }
        String token = header.substring(PREFIX.length()).trim();
        return identityProviderManager.authenticate(
                new TokenAuthenticationRequest(new TokenCredential(token, "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public int getPriority() {
        // quarkus-oidc's is DEFAULT_PRIORITY + 1
        return DEFAULT_PRIORITY + 2;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
