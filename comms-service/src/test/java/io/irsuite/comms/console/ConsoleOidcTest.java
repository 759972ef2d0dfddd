package io.irsuite.comms.console;

import io.irsuite.comms.support.OidcProfile;
import io.irsuite.comms.support.Payload;
import io.irsuite.comms.support.WebhookReceiver;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventType;
import io.irsuite.platform.testing.TestBroker;
import io.irsuite.platform.testing.TestOidcProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.comms.console.ConsoleTest.DEADLINE;
import static io.irsuite.comms.console.ConsoleTest.csrf;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign in with ..." the organisation's OpenID Connect provider, as a browser goes through it: the console sends the
 * browser to the provider (PKCE, state, nonce), quarkus-oidc completes the code flow, and the console's own session
 * cookie is set with the role of the access token's claim; the console's actions carry that access token.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class ConsoleOidcTest {

    @TestHTTPResource("/")
    URI root;
    @Inject
    Pool pool;
    private TestBroker broker;

    @BeforeEach
    void connect() {
        broker = TestBroker.connect();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    /** A browser's cookie jar and the redirects it followed, without a browser's SameSite rules. */
    private final class Browser {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        final List<URI> hops = new ArrayList<>();

        /** GETs {@code path} and follows redirects, across the provider and back, to the last answer. */
        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            URI next = root.resolve(path);
            while (true) {
                hops.add(next);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(next).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 302 && response.statusCode() != 303) {
                    return response;
                }
                next = next.resolve(response.headers().firstValue("Location").orElseThrow());
            }
        }

        String session() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(ConsoleResource.COOKIE))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }
    }

    @Test
    void aViewerSignsInWithTheProviderAndIsOfferedNoActions() throws Exception {
        UUID incident = opened("viewer");
        given().get("/console/sign-in").then().statusCode(200)
                .body(allOf(containsString("id=\"oidc-sign-in\""), containsString("Sign in with Test IdP")));

        TestOidcProvider.signInAs("victor", "viewer");
        Browser browser = new Browser();
        HttpResponse<String> signedIn = browser.get("/console/oidc/sign-in");

        URI authorize = browser.hops.get(1);
        assertTrue(authorize.toString().startsWith(TestOidcProvider.issuer() + "/authorize?"), browser.hops.toString());
        String query = URLDecoder.decode(authorize.getRawQuery(), StandardCharsets.UTF_8);
        assertThat(query, allOf(containsString("client_id=" + TestOidcProvider.CLIENT_ID),
                containsString("code_challenge_method=S256"), containsString("nonce="), containsString("state="),
                containsString("redirect_uri=" + root.resolve("/console/oidc/sign-in"))));
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        assertThat(signedIn.body(), allOf(containsString("Signed in as <strong>victor</strong>"),
                containsString("<a href=\"/console/incidents\" id=\"continue\">")));
        // the session cookie is SameSite=Strict: the browser goes on from our own page, not by a redirect
        assertEquals("0; url=/console/incidents", signedIn.headers().firstValue("Refresh").orElseThrow());
        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleResource.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie, allOf(containsString("; Path=/console"), containsString("; HttpOnly"),
                containsString("; SameSite=Strict")));
        assertTrue(browser.cookies.getCookieStore().getCookies().stream().noneMatch(c -> c.getName().startsWith("q_")),
                "quarkus-oidc's own cookies are gone: " + browser.cookies.getCookieStore().getCookies());

        // the session lasts as long as the provider's access token (5 minutes), not the console's 8 hours
        OffsetDateTime expires = pool.preparedQuery("SELECT max(expires_at) AS e FROM console_session WHERE principal = $1")
                .execute(Tuple.of("victor")).await().indefinitely().iterator().next().getOffsetDateTime("e");
        assertTrue(expires.toInstant().isBefore(Instant.now().plusSeconds(301)), "expires " + expires);

        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> ConsoleTest.as(browser.session()).get(path).asString().contains("DiskFull"));
        assertThat(ConsoleTest.as(browser.session()).get(path).then().statusCode(200).extract().asString(),
                allOf(containsString("victor"), containsString("(viewer)"), not(containsString("id=\"acknowledge\"")),
                        not(containsString("id=\"resolve\"")), not(containsString("action=\"/console/incidents/"))));
    }

    @Test
    void aResponderActsWithTheProvidersAccessToken() throws Exception {
        UUID incident = opened("responder");
        TestOidcProvider.signInAs("rita", "responder");
        Browser browser = new Browser();
        assertEquals(200, browser.get("/console/oidc/sign-in").statusCode());
        String path = "/console/incidents/" + incident;
        await().atMost(DEADLINE).until(() -> ConsoleTest.as(browser.session()).get(path).asString()
                .contains("id=\"acknowledge\""));
        String csrf = csrf(ConsoleTest.as(browser.session()).get(path).asString());

        ConsoleTest.as(browser.session()).formParam("csrf", csrf).post(path + "/acknowledge")
                .then().statusCode(303).header("Location", path + "?done=acknowledged");
        WebhookReceiver.Received call = OidcProfile.OWNER.all().stream()
                .filter(r -> r.path().endsWith("/api/v1/incidents/" + incident + "/acknowledge")).findFirst().orElseThrow();
        assertEquals("rita", call.json().path("by").asText());
        assertThat(call.authorization(), startsWith("Bearer "));
        // what the console sent is the provider's access token, which every service's API accepts as rita's
        String token = call.authorization().substring("Bearer ".length());
        assertFalse(token.isBlank());
        given().auth().oauth2(token).get("/api/v1/status/components").then().statusCode(200);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("displayName", "x"))
                .put("/api/v1/status/components/oidc-" + incident.toString().substring(0, 8)).then().statusCode(403);
    }

    @Test
    void anAccountWithoutTheConsolesRolesGetsNoSession() throws Exception {
        TestOidcProvider.signInAs("dev", "developers");
        Browser browser = new Browser();
        HttpResponse<String> refused = browser.get("/console/oidc/sign-in");
        assertEquals(403, refused.statusCode());
        assertThat(refused.body(), allOf(containsString("holds none of the console"),
                containsString("Sign in with Test IdP"), containsString("<label for=\"token\">")));
        assertNull(browser.session());
        assertTrue(browser.cookies.getCookieStore().getCookies().stream().noneMatch(c -> c.getName().startsWith("q_")),
                "quarkus-oidc's own cookies are gone: " + browser.cookies.getCookieStore().getCookies());
    }

    private UUID opened(String what) {
        UUID incident = UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        broker.publish(Addresses.INCIDENT_EVENTS, Payload.envelope(EventType.IncidentOpened, incident, t0, "detection",
                Payload.opened("DiskFull on " + what, "SEV3", "billing", t0, t0)));
        return incident;
    }
}
