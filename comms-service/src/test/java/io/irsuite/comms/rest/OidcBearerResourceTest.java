package io.irsuite.comms.rest;

import io.irsuite.comms.support.OidcProfile;
import io.irsuite.platform.testing.TestOidcProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.irsuite.comms.support.StatusApi.PROBLEM;
import static io.irsuite.comms.support.StatusApi.putComponent;
import static io.irsuite.comms.support.StatusApi.shortId;
import static io.irsuite.platform.testing.TestOidcProvider.claims;
import static io.irsuite.platform.testing.TestOidcProvider.sign;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bearer JWTs of the organisation's OpenID Connect provider on a service's API (ir-platform's auth, here on comms'
 * status components, which record who set an override): the claimed name and roles count as a token's would, a JWT
 * without our roles (named, or mapped from the provider's groups) is a 403, a bad one a 401 problem, and the suite's own tokens keep working beside them.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class OidcBearerResourceTest {

    @Test
    void aProviderJwtActsAsItsClaimedNameWithItsClaimedRoles() {
        String name = "jwt-" + shortId();
        assertEquals(201, putComponent(name, "Store " + name, null, true, List.of()));
        String override = "/api/v1/status/components/" + name + "/override";

        given().auth().oauth2(sign(claims("alice", "responder", "team-sre"))).contentType(ContentType.JSON)
                .body(Map.of("status", "partial_outage")).put(override)
                .then().statusCode(200).body("setBy", equalTo("alice"));

        // viewer reads but may not override; another application's groups are no roles of ours
        String viewer = sign(claims("bob", "viewer", "developers"));
        given().auth().oauth2(viewer).get("/api/v1/status/components/" + name)
                .then().statusCode(200).body("override.setBy", equalTo("alice"));
        given().auth().oauth2(viewer).contentType(ContentType.JSON).body(Map.of("status", "major_outage")).put(override)
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(sign(claims("carol", "developers"))).get("/api/v1/status/components/" + name)
                .then().statusCode(403).contentType(PROBLEM);
        // admin implies responder, as for a token
        given().auth().oauth2(sign(claims("dora", "admin"))).contentType(ContentType.JSON)
                .body(Map.of("status", "major_outage")).put(override)
                .then().statusCode(200).body("setBy", equalTo("dora"));

        // the provider's own group names, mapped to our roles by ir.oidc.role-map
        given().auth().oauth2(sign(claims("erin", "sre-oncall"))).contentType(ContentType.JSON)
                .body(Map.of("status", "partial_outage")).put(override)
                .then().statusCode(200).body("setBy", equalTo("erin"));
        String watcher = sign(claims("wes", "sre-watchers"));
        given().auth().oauth2(watcher).get("/api/v1/status/components/" + name).then().statusCode(200);
        given().auth().oauth2(watcher).contentType(ContentType.JSON).body(Map.of("status", "major_outage")).put(override)
                .then().statusCode(403).contentType(PROBLEM);

        // the suite's own tokens are unchanged beside them
        given().auth().oauth2("responder-token").contentType(ContentType.JSON)
                .body(Map.of("status", "degraded_performance")).put(override)
                .then().statusCode(200).body("setBy", equalTo("token:responder+viewer"));
    }

    @Test
    void anExpiredForeignForgedOrNamelessJwtIsA401Problem() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> expired = claims("alice", "admin");
        expired.put("iat", now - 600);
        expired.put("exp", now - 60);
        Map<String, Object> otherIssuer = claims("alice", "admin");
        otherIssuer.put("iss", "https://idp.example.org");
        Map<String, Object> otherAudience = claims("alice", "admin");
        otherAudience.put("aud", "another-application");
        Map<String, Object> noName = claims("alice", "admin");
        noName.remove("preferred_username");

        for (String jwt : List.of(sign(expired), sign(otherIssuer), sign(otherAudience), sign(noName),
                TestOidcProvider.forge(claims("alice", "admin")),
                // "admin" is the admin token's name alone; a name is what services record, so it must be one
                sign(claims("admin", "admin")), sign(claims("Alice Smith", "admin")))) {
            given().auth().oauth2(jwt).get("/api/v1/status/components")
                    .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                    .body("detail", containsString("bearer token"));
        }
        given().auth().oauth2(sign(claims("alice", "viewer"))).get("/api/v1/status/components").then().statusCode(200);
    }
}
