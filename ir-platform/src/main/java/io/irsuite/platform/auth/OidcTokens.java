package io.irsuite.platform.auth;

import io.irsuite.platform.config.PlatformConfig;
import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bearer JWTs of the organisation's OpenID Connect provider (quarkus-oidc's default tenant, off unless
 * {@code quarkus.oidc.tenant-enabled}). quarkus-oidc checks the signature against the provider's keys, the issuer,
 * the audience and the expiry; this turns what it accepted into the same identity as a token's: the principal
 * claim's value as name, the role claim's values that are our roles or that {@code ir.oidc.role-map} maps to one
 * (and what they imply), the teams claim.
 */
@Startup
@ApplicationScoped
public class OidcTokens {

    /** A JWS in compact form: only such a token is handed to the provider's keys, never an opaque one. */
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final boolean enabled;
    private final TenantIdentityProvider provider;
    private final Optional<String> teamsClaim;
    private final Map<String, String> roleMap;

    public OidcTokens(@ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean enabled,
                      @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audience,
                      TenantIdentityProvider provider, PlatformConfig config) {
        if (enabled && audience.isEmpty()) {
            // without it any token of the provider, issued to any of its applications, would be accepted
            throw new IllegalStateException("quarkus.oidc.tenant-enabled is true but quarkus.oidc.token.audience "
                    + "is not set: set it to the audience the provider puts in access tokens for the suite");
        }
        this.enabled = enabled;
        this.provider = provider;
        this.teamsClaim = config.oidc().teamsClaim().filter(c -> !c.isBlank());
        this.roleMap = roleMap(config.oidc().roleMap().orElse(List.of()));
    }

    /**
     * {@code ir.oidc.role-map}'s pairs: the provider's value before the first {@code =}, our role after it. A
     * malformed pair or one naming no role of ours is an IllegalStateException that names it (the start stops).
     */
    static Map<String, String> roleMap(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String value = eq < 0 ? "" : pair.substring(0, eq).trim();
            String role = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (value.isEmpty() || !Roles.ALL.contains(role)) {
                throw new IllegalStateException("ir.oidc.role-map: '" + pair.trim() + "' is not value=role with role one of "
                        + Roles.ALL.stream().sorted().toList());
            }
            if (map.containsKey(value) && !map.get(value).equals(role)) {
                throw new IllegalStateException("ir.oidc.role-map: '" + value + "' is mapped to both " + map.get(value)
                        + " and " + role);
            }
            map.put(value, role);
        }
        return Map.copyOf(map);
    }

    /** The identity of a provider's JWT; an AuthenticationFailedException when it is none (or OIDC is off). */
    public Uni<SecurityIdentity> authenticate(String token) {
        if (!enabled || !JWS.matcher(token).matches()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown token"));
        }
        return provider.authenticate(new AccessTokenCredential(token))
                .onFailure(e -> !(e instanceof AuthenticationFailedException)).transform(e -> {
                    // e.g. the provider's keys could not be fetched: the token cannot be trusted, so it is a 401
                    Log.warnf("a bearer JWT could not be verified: %s", e.getMessage());
                    return new AuthenticationFailedException(e);
                })
                .map(this::identity);
    }

    private SecurityIdentity identity(SecurityIdentity verified) {
        String name = verified.getPrincipal().getName();
        if (name == null || !ApiTokens.NAME.matcher(name).matches() || name.equalsIgnoreCase(ApiTokens.ADMIN_PRINCIPAL)) {
            // the principal claim is what services record as who did it; "admin" is the admin token's alone
            Log.debug("a bearer JWT was refused: its principal claim is missing, 'admin' or not a name");
            throw new AuthenticationFailedException("the token's principal claim is not a name");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String value : verified.getRoles()) {
            if (Roles.ALL.contains(value)) {
                roles.add(value);
            } else if (roleMap.containsKey(value)) {
                roles.add(roleMap.get(value));
            }
        }
        JsonWebToken jwt = (JsonWebToken) verified.getPrincipal();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(Roles.withImplied(roles))
                .addAttribute(Callers.TEAMS, teamsClaim.map(claim -> teams(jwt.getClaim(claim))).orElse(Set.of()))
                .addAttribute(Callers.EXPIRES_AT, Instant.ofEpochSecond(jwt.getExpirationTime()))
                .build();
    }

    /** A claim's values that are valid team names: a JSON array of strings, or a space-separated string. */
    private static Set<String> teams(Object claim) {
        Object value = claim instanceof JsonString s ? s.getString() : claim;
        Collection<?> items = value instanceof Collection<?> list ? list
                : value instanceof String s ? List.of(s.split(" ")) : List.of();
        Set<String> teams = new LinkedHashSet<>();
        for (Object item : items) {
            String team = item instanceof JsonString s ? s.getString() : String.valueOf(item);
            if (ApiTokens.NAME.matcher(team).matches()) {
                teams.add(team);
            }
        }
        return Set.copyOf(teams);
    }
}
