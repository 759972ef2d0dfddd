package io.irsuite.platform;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.JsonPaths;
import io.irsuite.platform.problem.StrictJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {

    record Alert(String service, Map<String, String> labels, List<String> tags, JsonNode details) {
    }

    private final ObjectMapper mapper = strict();

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"service\":\"a\\u0000b\"}|service",
            "{\"labels\":{\"region\":\"eu\\u0000\"}}|labels.region",
            "{\"labels\":{\"re\\u0000gion\":\"eu\"}}|labels",
            "{\"tags\":[\"ok\",\"x\\u0000\"]}|tags[1]",
            "{\"details\":{\"items\":[{\"note\":\"\\u0000\"}]}}|details.items[0].note",
    })
    void aNulCharacterAnywhereNamesItsField(String json, String field) {
        JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper.readValue(json, Alert.class));
        FieldError error = JsonPaths.fieldError(e);
        assertTrue(error.field().startsWith(field), error.field());
        assertEquals(StrictJson.NUL_MESSAGE, error.message());
    }

    @Test
    void aStringFieldGivenAnArrayStillNamesTheField() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> mapper.readValue("{\"service\":[\"x\"]}", Alert.class));
        assertEquals("service", JsonPaths.fieldError(e).field());
    }

    @Test
    void aNulCharacterInAPlainTreeIsFoundToo() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> mapper.readValue("[{\"name\":\"ok\"},{\"name\":\"\\u0000\"}]", JsonNode.class));
        assertEquals("[1].name", JsonPaths.fieldError(e).field());
    }

    @Test
    void trailingContentAfterTheValueIsRefused() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> mapper.readValue("{\"service\":\"a\"} {\"service\":\"b\"}", Alert.class));
        assertTrue(JsonPaths.isTrailingContent(e));
        assertThrows(JsonMappingException.class, () -> mapper.readValue("{} 1", JsonNode.class));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> mapper.readValue("{\"service\":\"a\"} garbage", Alert.class));
    }

    @Test
    void ordinaryInputStillReads() throws Exception {
        Alert alert = mapper.readValue("{\"service\":\"checkout\",\"labels\":{\"a\":\"b\"},\"tags\":[\"x\"],"
                + "\"details\":{\"n\":1,\"s\":\"t\"}}", Alert.class);
        assertEquals("checkout", alert.service());
        assertEquals("b", alert.labels().get("a"));
        assertEquals("t", alert.details().get("s").asText());
        assertEquals(null, mapper.readValue("{\"service\":null}", Alert.class).service());
    }
}
