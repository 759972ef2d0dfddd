package io.irsuite.triage.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The public operational endpoints need no token. */
@QuarkusTest
class HealthAndOpenApiTest {

    @Test
    void readinessIsUpWithDatabaseAndBroker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/catalog/services/{name}"))
                .body(containsString("/api/v1/incidents/{id}/triage"));
    }
}
