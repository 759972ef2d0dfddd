package io.irsuite.comms.console;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.platform.auth.Caller;
import io.irsuite.platform.auth.Callers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Console sessions in comms' database ({@code console_session}), so any replica serves any session and a
 * restart signs nobody out. A token is checked by the same identity provider as every {@code /api} call: one of the
 * suite's tokens, or an access token of the organisation's OpenID Connect provider (pasted, or from {@link ConsoleOidc}).
 */
@ApplicationScoped
public class ConsoleSessions {

    private final Pool pool;
    private final IdentityProviderManager identities;
    private final Duration ttl;

    public ConsoleSessions(Pool pool, IdentityProviderManager identities, IrConfig config) {
        this.pool = pool;
        this.identities = identities;
        this.ttl = config.console().sessionTtl();
    }

    /** What a sign-in attempt came to: a new session, or why not. */
    public sealed interface SignIn {
        record Started(ConsoleSession session) implements SignIn {
        }

        /** The token is unknown (401) or holds no reading role (403). */
        record Refused(int status, String reason) implements SignIn {
        }
    }

    /** Checks {@code token} like a bearer token and, when it may read, stores a new session. */
    public Uni<SignIn> signIn(String token) {
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")))
                .chain(identity -> {
                    Caller caller = Callers.of(identity);
                    if (!ConsoleSession.canRead(caller.roles())) {
                        return Uni.createFrom().<SignIn>item(new SignIn.Refused(403,
                                "This token may not read incidents (it needs the viewer, responder or admin role)."));
                    }
                    ConsoleSession session = new ConsoleSession(SessionSeal.newSessionId(), caller.name(),
                            caller.roles(), token);
                    OffsetDateTime expires = expiry(identity);
                    // expired rows go at each sign-in: the table stays as small as the number of live sessions
                    return pool.preparedQuery("DELETE FROM console_session WHERE expires_at < now()").execute()
                            .chain(() -> pool.preparedQuery("INSERT INTO console_session "
                                            + "(id_hash, sealed, principal, roles, expires_at) VALUES ($1, $2, $3, $4, $5)")
                                    .execute(Tuple.of(Buffer.buffer(SessionSeal.idHash(session.id())),
                                            Buffer.buffer(SessionSeal.seal(token, session.id())),
                                            session.principal(), session.roles().stream().sorted().toArray(String[]::new),
                                            expires)))
                            .map(rows -> (SignIn) new SignIn.Started(session));
                })
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(() -> new SignIn.Refused(401, "That token is not valid."));
    }

    /**
     * A session ends after the TTL, or sooner when its token does (a provider's JWT): past that, the owners would
     * refuse its actions.
     */
    private OffsetDateTime expiry(SecurityIdentity identity) {
        Instant end = Instant.now().plus(ttl);
        if (identity.getAttribute(Callers.EXPIRES_AT) instanceof Instant tokenEnd && tokenEnd.isBefore(end)) {
            end = tokenEnd;
        }
        return end.atOffset(ZoneOffset.UTC);
    }

    /** The live session of a cookie value, if any: unknown, expired or altered ones are none. */
    public Uni<Optional<ConsoleSession>> find(String sessionId) {
        if (!SessionSeal.wellFormed(sessionId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("SELECT sealed, principal, roles FROM console_session "
                        + "WHERE id_hash = $1 AND expires_at > now()")
                .execute(Tuple.of(Buffer.buffer(SessionSeal.idHash(sessionId))))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return SessionSeal.open(row.getBuffer("sealed").getBytes(), sessionId)
                            .map(token -> new ConsoleSession(sessionId, row.getString("principal"),
                                    Set.copyOf(Arrays.asList(row.getArrayOfStrings("roles"))), token));
                });
    }

    /** Ends the session everywhere (every replica reads the same row). */
    public Uni<Void> signOut(String sessionId) {
        if (!SessionSeal.wellFormed(sessionId)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM console_session WHERE id_hash = $1")
                .execute(Tuple.of(Buffer.buffer(SessionSeal.idHash(sessionId))))
                .replaceWithVoid();
    }

    /** How long a session lasts, for the cookie's Max-Age. */
    public Duration ttl() {
        return ttl;
    }
}
