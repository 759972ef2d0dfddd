package io.irsuite.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real OpenID Connect provider in the test JVM, on a loopback port: discovery, its keys (JWKS), and the
 * authorization and token endpoints of the authorization code flow with PKCE (S256), signing RS256 JWTs with a key
 * made when the JVM starts. (Quarkus' own test server, quarkus-test-oidc-server, does not resolve here.) As a Quarkus
 * test resource it turns the suite's bearer JWTs on: {@code quarkus.oidc.tenant-enabled}, {@code auth-server-url},
 * {@code token.audience}. Tests sign tokens with {@link #sign}, and choose who signs in at the authorization endpoint
 * with {@link #signInAs} (it signs that person in at once, as a provider with a live session does).
 */
public class TestOidcProvider implements QuarkusTestResourceLifecycleManager {

    /** The audience of the suite's access tokens. */
    public static final String AUDIENCE = "ir-suite";
    /** The console's client at the provider. */
    public static final String CLIENT_ID = "ir-console";
    public static final String CLIENT_SECRET = "the-console-client-secret-of-the-tests";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RsaJsonWebKey KEY = rsaKey();
    /** Same key id, other key: what a forger would sign with. */
    private static final RsaJsonWebKey FORGED = rsaKey();
    private static final Map<String, Grant> CODES = new ConcurrentHashMap<>();
    private static volatile String issuer;
    private static volatile Person next = new Person("alice", List.of("viewer"));

    private HttpServer server;

    private record Person(String name, List<String> groups) {
    }

    private record Grant(Person person, String redirectUri, String nonce, String challenge) {
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", ex -> send(ex, 200, json(Map.of(
                "issuer", issuer,
                "authorization_endpoint", issuer + "/authorize",
                "token_endpoint", issuer + "/token",
                "jwks_uri", issuer + "/jwks",
                "response_types_supported", List.of("code"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "code_challenge_methods_supported", List.of("S256")))));
        server.createContext("/jwks", ex -> send(ex, 200, new JsonWebKeySet(KEY).toJson(OutputControlLevel.PUBLIC_ONLY)));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
        return Map.of("quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.token.audience", AUDIENCE);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The issuer (and base URL) of the running provider. */
    public static String issuer() {
        return issuer;
    }

    /** Who the authorization endpoint signs in from now on, with these groups (the role claim). */
    public static void signInAs(String name, String... groups) {
        next = new Person(name, List.of(groups));
    }

    /** The claims of a valid access token for the suite (change them to make it invalid): 5 minutes of life. */
    public static Map<String, Object> claims(String name, String... groups) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "sub-" + name);
        claims.put("aud", AUDIENCE);
        claims.put("azp", CLIENT_ID);
        claims.put("preferred_username", name);
        claims.put("groups", List.of(groups));
        claims.put("iat", now);
        claims.put("exp", now + 300);
        return claims;
    }

    /** {@code claims} signed by the provider. */
    public static String sign(Map<String, Object> claims) {
        return sign(claims, KEY);
    }

    /** {@code claims} signed with another key under the provider's key id: a forgery. */
    public static String forge(Map<String, Object> claims) {
        return sign(claims, FORGED);
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        if (!"code".equals(q.get("response_type")) || !CLIENT_ID.equals(q.get("client_id")) || redirect == null
                || q.get("state") == null || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null) {
            send(ex, 400, json(Map.of("error", "invalid_request")));
            return;
        }
        String code = random();
        CODES.put(code, new Grant(next, redirect, q.get("nonce"), q.get("code_challenge")));
        ex.getResponseHeaders().add("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"POST".equals(ex.getRequestMethod()) || !clientAuthenticated(ex, f)) {
            send(ex, 401, json(Map.of("error", "invalid_client")));
            return;
        }
        Grant grant = f.get("code") == null ? null : CODES.remove(f.get("code"));
        if (!"authorization_code".equals(f.get("grant_type")) || grant == null
                || !grant.redirectUri().equals(f.get("redirect_uri"))
                || f.get("code_verifier") == null || !grant.challenge().equals(s256(f.get("code_verifier")))) {
            send(ex, 400, json(Map.of("error", "invalid_grant")));
            return;
        }
        Person person = grant.person();
        Map<String, Object> id = claims(person.name(), person.groups().toArray(String[]::new));
        id.put("aud", CLIENT_ID);
        if (grant.nonce() != null) {
            id.put("nonce", grant.nonce());
        }
        send(ex, 200, json(Map.of(
                "access_token", sign(claims(person.name(), person.groups().toArray(String[]::new))),
                "id_token", sign(id),
                "token_type", "Bearer",
                "expires_in", 300)));
    }

    /** client_secret_basic (what quarkus-oidc sends) or client_secret_post. */
    private static boolean clientAuthenticated(HttpExchange ex, Map<String, String> form) {
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            return pair.equals(CLIENT_ID + ":" + CLIENT_SECRET);
        }
        return CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    }

    private static String sign(Map<String, Object> claims, RsaJsonWebKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(json(claims));
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey rsaKey() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("k1");
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded != null) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }
}
