package io.irsuite.comms.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What operators and tools rely on: readiness, Prometheus metrics, OpenAPI, all without a token. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessIsUpWithDatabaseAndBroker() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAndOpenApiNeedNoToken() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/channels/{name}"))
                .body(containsString("/api/v1/incidents/{id}/timeline"))
                .body(containsString("/api/v1/metrics/incidents"))
                .body(org.hamcrest.Matchers.not(containsString("\"/console")));
        // every operation id once, as OpenAPI requires (client generators name methods after them)
        java.util.List<String> ids = io.irsuite.platform.testing.OpenApiDocuments.operationIdsEachOnce(
                given().accept("application/json").get("/q/openapi").then().extract().asString());
        org.junit.jupiter.api.Assertions.assertFalse(ids.isEmpty());
    }
}
