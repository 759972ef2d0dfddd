package io.irsuite.triage.config;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Turns a bearer token into an identity with the roles configured for it ({@code ir.admin-token}, {@code ir.api-tokens}). */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private record Token(String name, byte[] secret, Set<String> roles) {
    }

    private final List<Token> tokens;

    public TokenIdentityProvider(IrConfig config) {
        this.tokens = parse(config);
    }

    static List<Token> parse(IrConfig config) {
        List<Token> parsed = new ArrayList<>();
        config.adminToken().filter(t -> !t.isBlank())
                .ifPresent(t -> parsed.add(new Token("admin", bytes(t.trim()), Roles.ALL)));
        config.apiTokens().ifPresent(list -> {
            int index = 0;
            for (String entry : list.split(",")) {
                index++;
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.lastIndexOf('=');
                if (eq <= 0) {
                    Log.warnf("ir.api-tokens entry %d has no '=role': ignored", index);
                    continue;
                }
                Set<String> roles = new TreeSet<>();
                for (String role : entry.substring(eq + 1).split("\\+")) {
                    if (Roles.ALL.contains(role.trim())) {
                        roles.add(role.trim());
                    } else {
                        Log.warnf("ir.api-tokens entry %d names unknown role '%s': ignored", index, role.trim());
                    }
                }
                parsed.add(new Token("token-" + index, bytes(entry.substring(0, eq).trim()), Roles.withImplied(roles)));
            }
        });
        return List.copyOf(parsed);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = bytes(request.getToken().getToken());
        Token match = null;
        // Compare against every token, constant-time, so timing says nothing about which one nearly matched.
        for (Token token : tokens) {
            if (MessageDigest.isEqual(token.secret(), presented) && match == null) {
                match = token;
            }
        }
        if (match == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(match.name()))
                .addRoles(match.roles())
                .addCredential(request.getToken())
                .build());
    }
}
