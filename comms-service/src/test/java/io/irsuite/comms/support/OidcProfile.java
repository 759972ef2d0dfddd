package io.irsuite.comms.support;

import io.irsuite.platform.testing.TestOidcProvider;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * comms with the organisation's OpenID Connect provider on ({@link TestOidcProvider}, a real one in the test JVM):
 * bearer JWTs on {@code /api}, and the console's "Sign in with Test IdP". The console's acknowledge goes to
 * {@link #OWNER}, which records the token it carries (the other tests keep a closed port there).
 */
public class OidcProfile implements QuarkusTestProfile {

    /** Stands in for detection: records what the console sends it. */
    public static final WebhookReceiver OWNER = owner();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.console.tenant-enabled", "true",
                "quarkus.oidc.console.client-id", TestOidcProvider.CLIENT_ID,
                "quarkus.oidc.console.credentials.secret", TestOidcProvider.CLIENT_SECRET,
                "ir.console.oidc-name", "Test IdP",
                "ir.console.detection-url", OWNER.url(),
                // the provider's groups that stand for our roles
                "ir.oidc.role-map", "sre-oncall=responder,sre-watchers=viewer");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestOidcProvider.class));
    }

    private static WebhookReceiver owner() {
        try {
            return WebhookReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
