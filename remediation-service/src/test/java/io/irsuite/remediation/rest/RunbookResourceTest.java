package io.irsuite.remediation.rest;

import io.irsuite.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Runbooks over HTTP against the real database: versions, JSON and YAML, validation, auth. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "remediation"))
class RunbookResourceTest {

    static final String ADMIN = "test-admin-token";

    static String runbook(String name, String url) {
        return """
                {"name": "%s", "description": "roll back the last deploy", "actions": ["rollback"],
                 "categories": ["deploy", "config"], "requiresApproval": false, "approvers": ["team-sre"],
                 "estimatedDurationSeconds": 60,
                 "steps": [{"name": "roll back", "type": "http", "method": "POST", "url": "%s",
                            "expectedStatus": 200, "headers": {"X-Requested-By": "ir-suite"}, "body": "{}",
                            "timeoutSeconds": 10, "retries": 2, "retryDelaySeconds": 1,
                            "rollback": {"name": "re-apply", "type": "http", "method": "POST", "url": "http://deployer.example:8080/apply/${deployment}"}},
                           {"name": "settle", "type": "wait", "seconds": 5},
                           {"name": "healthy?", "type": "validate", "url": "http://deployer.example:8080/health"},
                           {"name": "restart", "type": "kubernetes", "operation": "rollout-restart"}]}
                """.formatted(name, url);
    }

    @Test
    void everyPutStoresANewVersionAndGetReturnsTheNewest() {
        String url = "http://deployer.example:8080/rollback/${namespace}/${deployment}";
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(runbook("Roll back v1", url))
                .when().put("/api/v1/runbooks/rb-versions")
                .then().statusCode(201)
                .body("id", equalTo("rb-versions"))
                .body("version", equalTo(1))
                .body("enabled", equalTo(true))
                .body("steps[0].retries", equalTo(2))
                .body("steps[2].method", equalTo("GET"))
                .body("steps[2].expectedStatus", equalTo(200))
                .body("steps[2].timeoutSeconds", equalTo(30));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(runbook("Roll back v2", url))
                .when().put("/api/v1/runbooks/rb-versions")
                .then().statusCode(200).body("version", equalTo(2)).body("name", equalTo("Roll back v2"));

        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-versions")
                .then().statusCode(200).body("version", equalTo(2)).body("name", equalTo("Roll back v2"));
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-versions/versions/1")
                .then().statusCode(200).body("version", equalTo(1)).body("name", equalTo("Roll back v1"));
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-versions/versions/3")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks")
                .then().statusCode(200).body("id", hasItem("rb-versions"));
    }

    @Test
    void yamlBodiesAreReadLikeJson() {
        String yaml = """
                name: Restart checkout
                actions: [restart]
                steps:
                  - name: restart
                    type: http
                    method: POST
                    url: http://deployer.example:8080/restart/${namespace}/${deployment}?by=${service}
                    retries: 1
                  - name: settle
                    type: wait
                    seconds: 2
                """;
        for (String type : new String[]{"application/yaml", "text/yaml", "application/x-yaml"}) {
            given().auth().oauth2(ADMIN).contentType(type).body(yaml.getBytes(StandardCharsets.UTF_8))
                    .when().put("/api/v1/runbooks/rb-yaml")
                    .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)))
                    .body("name", equalTo("Restart checkout"))
                    .body("actions", hasItems("restart"))
                    .body("steps[0].retries", equalTo(1))
                    .body("steps[1].seconds", equalTo(2));
        }
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-yaml")
                .then().statusCode(200).body("version", equalTo(3));
    }

    @Test
    void aPlaceholderInTheHostIsRejectedNamingTheUrlField() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(runbook("evil", "http://${service}.internal:8080/rollback"))
                .when().put("/api/v1/runbooks/rb-host")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("steps[0].url"))
                .body("errors.message", hasItem(containsString("only allowed in the path or query")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(runbook("evil port", "http://deployer.example:${namespace}/rollback"))
                .when().put("/api/v1/runbooks/rb-host")
                .then().statusCode(400).body("errors.field", hasItem("steps[0].url"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(runbook("evil scheme", "${service}://deployer.example/rollback"))
                .when().put("/api/v1/runbooks/rb-host")
                .then().statusCode(400).body("errors.field", hasItem("steps[0].url"));
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-host").then().statusCode(404);
    }

    @Test
    void anUnknownPlaceholderIsRejected() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(runbook("alert text", "http://deployer.example/rollback/${alert.summary}"))
                .when().put("/api/v1/runbooks/rb-unknown")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("steps[0].url"))
                .body("errors.message", hasItem(containsString("unknown placeholder ${alert.summary}")));
    }

    @Test
    void missingStepsAreNamed() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"empty\", \"actions\": [\"restart\"]}")
                .when().put("/api/v1/runbooks/rb-empty")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("steps"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"empty\", \"actions\": [\"restart\"], \"steps\": []}")
                .when().put("/api/v1/runbooks/rb-empty")
                .then().statusCode(400).body("errors.field", hasItem("steps"));
    }

    @Test
    void fieldRulesAreCheckedPerStep() {
        String body = """
                {"name": "bad", "actions": [],
                 "steps": [{"name": "no url", "type": "http", "method": "POST"},
                           {"name": "bad type", "type": "shell"},
                           {"name": "bad numbers", "type": "http", "method": "TRACE", "url": "http://x.example/",
                            "expectedStatus": 99, "timeoutSeconds": 0, "retries": 11, "retryDelaySeconds": 301},
                           {"name": "relative", "type": "validate", "url": "/health"},
                           {"name": "no seconds", "type": "wait"}]}
                """;
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/runbooks/rb-fields")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("actions", "steps[1].type", "steps[2].method",
                        "steps[2].expectedStatus", "steps[2].timeoutSeconds", "steps[2].retries",
                        "steps[2].retryDelaySeconds"));
        // the cross-field rules run once the field rules pass
        String crossField = """
                {"name": "bad", "actions": ["restart"],
                 "steps": [{"name": "no url", "type": "http", "method": "POST"},
                           {"name": "relative", "type": "validate", "url": "/health"},
                           {"name": "no seconds", "type": "wait"},
                           {"name": "scale", "type": "kubernetes", "operation": "scale"}]}
                """;
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(crossField)
                .when().put("/api/v1/runbooks/rb-fields")
                .then().statusCode(400)
                .body("errors.field", hasItems("steps[0].url", "steps[1].url", "steps[2].seconds", "steps[3].replicas"));
    }

    @Test
    void aBadIdIsRejected() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(runbook("x", "http://x.example/a"))
                .when().put("/api/v1/runbooks/Bad_ID")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("id"));
    }

    @Test
    void malformedJsonAndYamlAre400Problems() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\": \"x\", \"steps\": [")
                .when().put("/api/v1/runbooks/rb-malformed")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("malformed JSON"));
        given().auth().oauth2(ADMIN).contentType("application/yaml").body("name: \"unterminated\nactions: [restart]\n".getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/runbooks/rb-malformed")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("malformed YAML"));
    }

    @Test
    void aNulCharacterInAStringIsA400NamingTheFieldAndNothingIsStored() {
        String url = "http://deployer.example:8080/rollback/${namespace}";
        // JSON escapes (\\u0000), as a client would send them; PostgreSQL cannot store the character
        String[][] cases = {
                {runbook("a\\u0000b", url), "name"},
                {runbook("nul in url", url + "\\u0000"), "steps[0].url"},
                {runbook("nul in a header", url).replace("\"ir-suite\"", "\"ir\\u0000suite\""), "steps[0].headers"},
                {runbook("nul in a list", url).replace("\"team-sre\"", "\"team\\u0000sre\""), "approvers"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(c[0])
                    .when().put("/api/v1/runbooks/rb-nul")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", hasItem(startsWith(c[1])))
                    .body("errors.message", hasItem(containsString("NUL")));
        }
        // the same rule for YAML bodies ("\0" is YAML's escape for NUL)
        given().auth().oauth2(ADMIN).contentType("application/yaml")
                .body("name: \"a\\0b\"\nactions: [restart]\nsteps: [{name: s, type: wait, seconds: 1}]\n"
                        .getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/runbooks/rb-nul")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name"));
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-nul")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void contentAfterTheJsonValueIsA400NamingTheBodyAndNothingIsStored() {
        String valid = runbook("trailing", "http://deployer.example:8080/rollback");
        for (String trailing : new String[]{" xyz", " {}", "\n{\"name\": \"second\"}", " ]"}) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(valid.strip() + trailing)
                    .when().put("/api/v1/runbooks/rb-trailing")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", hasItem("body"));
        }
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-trailing")
                .then().statusCode(404).contentType("application/problem+json");
        // the same document without the trailing content is stored
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(valid)
                .when().put("/api/v1/runbooks/rb-trailing")
                .then().statusCode(201).body("name", equalTo("trailing"));
    }

    @Test
    void aWrongTypeNamesTheField() {
        String body = runbook("typed", "http://x.example/a").replace("\"retries\": 2", "\"retries\": \"many\"");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/runbooks/rb-typed")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("steps[0].retries"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\": \"x\", \"actions\": \"restart\", \"steps\": 3}")
                .when().put("/api/v1/runbooks/rb-typed")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.anyOf(equalTo("actions"), equalTo("steps")));
    }

    @Test
    void anUnsupportedMediaTypeIsAProblem() {
        given().auth().oauth2(ADMIN).contentType(ContentType.TEXT).body("name: x".getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/runbooks/rb-media")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void authIsRequiredAndRolesAreChecked() {
        given().contentType(ContentType.JSON).body(runbook("x", "http://x.example/a"))
                .when().put("/api/v1/runbooks/rb-auth")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(runbook("x", "http://x.example/a"))
                .when().put("/api/v1/runbooks/rb-auth")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("viewer-token").contentType(ContentType.JSON).body(runbook("x", "http://x.example/a"))
                .when().put("/api/v1/runbooks/rb-auth")
                .then().statusCode(403).contentType("application/problem+json");
        // admin implies viewer: an admin-only token may read
        given().auth().oauth2("admin-only-token").when().get("/api/v1/runbooks")
                .then().statusCode(200);
        given().auth().oauth2("ingest-token").when().get("/api/v1/runbooks")
                .then().statusCode(403);
        given().when().get("/api/v1/runbooks").then().statusCode(401);
        given().auth().oauth2("wrong").when().get("/api/v1/runbooks").then().statusCode(401);
        given().auth().oauth2("admin-only-token").contentType(ContentType.JSON).body(runbook("x", "http://x.example/a"))
                .when().put("/api/v1/runbooks/rb-auth")
                .then().statusCode(201);
    }

    @Test
    void deleteDisablesButKeepsTheRunbookReadable() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(runbook("to disable", "http://x.example/a"))
                .when().put("/api/v1/runbooks/rb-disable").then().statusCode(201);
        given().auth().oauth2("viewer-token").when().delete("/api/v1/runbooks/rb-disable").then().statusCode(403);
        given().auth().oauth2(ADMIN).when().delete("/api/v1/runbooks/rb-disable").then().statusCode(204);
        given().auth().oauth2("viewer-token").when().get("/api/v1/runbooks/rb-disable")
                .then().statusCode(200).body("enabled", equalTo(false)).body("version", equalTo(1));
        given().auth().oauth2(ADMIN).when().delete("/api/v1/runbooks/rb-never-existed").then().statusCode(404);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/runbooks"));
        given().auth().oauth2("viewer-token").when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("errors", nullValue());
    }
}
