package io.irsuite.platform.auth;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a bearer token into an identity: its principal, roles, and teams (attribute {@link Callers#TEAMS}). A
 * configured token first; otherwise, when OIDC is on, a JWT of the organisation's provider ({@link OidcTokens}).
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final ApiTokens tokens;
    private final OidcTokens oidc;

    public TokenIdentityProvider(ApiTokens tokens, OidcTokens oidc) {
        this.tokens = tokens;
        this.oidc = oidc;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (request.getToken().getClass() != TokenCredential.class) {
            // quarkus-oidc's own credentials (the console's code flow) are for quarkus-oidc's provider
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        return tokens.lookup(token)
                .<Uni<SecurityIdentity>>map(entry -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(entry.principal()))
                        .addRoles(entry.roles())
                        .addAttribute(Callers.TEAMS, entry.teams())
                        .build()))
                .orElseGet(() -> oidc.authenticate(token));
    }
}
