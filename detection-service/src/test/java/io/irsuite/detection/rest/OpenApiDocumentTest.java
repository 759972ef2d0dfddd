package io.irsuite.detection.rest;

import io.irsuite.platform.testing.OpenApiDocuments;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document, which client generators read: no token needed, and every operation id once. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void everyOperationHasItsOwnId() {
        List<String> ids = OpenApiDocuments.operationIdsEachOnce(given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/alerts/alertmanager")).body(containsString("/api/v1/silences/{id}"))
                .extract().asString());
        assertTrue(ids.size() > 10, ids.toString());
        assertTrue(ids.contains("SilenceResource_list"), ids.toString());
    }
}
