package io.irsuite.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks of a service's OpenAPI document ({@code /q/openapi} as JSON), shared by the services' tests. */
public final class OpenApiDocuments {

    private OpenApiDocuments() {
    }

    /**
     * Every operation id of the document, in document order; fails when one repeats (OpenAPI requires them unique,
     * and client generators name their methods after them).
     */
    public static List<String> operationIdsEachOnce(String document) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(document);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the OpenAPI document is not JSON: " + e.getOriginalMessage(), e);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode path : root.path("paths")) {
            for (JsonNode operation : path) {
                if (operation.hasNonNull("operationId")) {
                    ids.add(operation.get("operationId").asText());
                }
            }
        }
        assertEquals(new HashSet<>(ids).size(), ids.size(), "an operation id repeats: " + ids);
        return ids;
    }
}
