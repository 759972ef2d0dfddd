package io.irsuite.comms.console;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.console.ConsoleViews.Viewer;
import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Named;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * "Sign in with ..." the organisation's OpenID Connect provider. quarkus-oidc's web-app tenant {@code console} runs
 * the authorization code flow on {@code /console/oidc/*} (PKCE, state and nonce, the ID token checked; off unless
 * {@code quarkus.oidc.console.tenant-enabled}). At its end this signs the person in exactly as a pasted token, with
 * the access token the provider issued: the platform checks it as every service's API does, its role claim decides
 * what the pages offer, and the console's actions carry it to the owning services. quarkus-oidc's own session
 * cookie is dropped at once; the console's session cookie is the only one that stays.
 */
@Path("/console/oidc")
@Named("consoleOidc")
public class ConsoleOidc {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signedIn(Viewer viewer);
    }

    private final ConsoleSessions sessions;
    private final SecurityIdentity identity;
    private final OidcSession oidcSession;
    private final boolean enabled;
    private final String name;

    public ConsoleOidc(ConsoleSessions sessions, SecurityIdentity identity, OidcSession oidcSession, IrConfig config,
                       @ConfigProperty(name = "quarkus.oidc.console.tenant-enabled") boolean enabled) {
        this.sessions = sessions;
        this.identity = identity;
        this.oidcSession = oidcSession;
        this.enabled = enabled;
        this.name = config.console().oidcName();
    }

    /** Whether the sign-in page offers the provider ({@code inject:consoleOidc.enabled} in its template). */
    public boolean enabled() {
        return enabled;
    }

    /** The provider's name on the sign-in page. */
    public String name() {
        return name;
    }

    /** Where the provider's sign-in ends (quarkus-oidc has run the code flow when this runs). */
    @GET
    @Path("/sign-in")
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> providerSignIn(@Context UriInfo uri, @HeaderParam("X-Forwarded-Proto") String forwardedProto,
                                        @HeaderParam("Forwarded") String forwarded) {
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        return oidcSession.logout()
                .chain(() -> access == null
                        ? Uni.createFrom().item(new ConsoleSessions.SignIn.Refused(401, "no access token"))
                        : sessions.signIn(access.getToken()))
                .chain(result -> {
                    if (result instanceof ConsoleSessions.SignIn.Started started) {
                        ConsoleSession session = started.session();
                        Log.infof("console: %s signed in with %s", session.principal(), name);
                        return ConsoleResource.page(200, Templates.signedIn(Viewer.of(session))).map(page -> Response
                                .fromResponse(page)
                                .header("Set-Cookie", ConsoleResource.cookie(session.id(), sessions.ttl().toSeconds(),
                                        ConsoleResource.overHttps(uri, forwardedProto, forwarded)))
                                // this response ends a redirect chain that began at the provider, so a browser would
                                // not send the SameSite=Strict cookie on a redirect from it; a refresh is our page's own
                                .header("Refresh", "0; url=/console/incidents")
                                .build());
                    }
                    ConsoleSessions.SignIn.Refused refused = (ConsoleSessions.SignIn.Refused) result;
                    Log.warnf("console: a sign-in with %s was refused (%d): %s", name, refused.status(), refused.reason());
                    return ConsoleResource.page(refused.status(), ConsoleResource.Templates.signIn(null,
                            refused.status() == 403
                                    ? "Your " + name + " account holds none of the console's roles (viewer, responder or admin)."
                                    : "The suite does not accept the access token " + name + " issued; ask an administrator."));
                });
    }
}
