package io.irsuite.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The input rules of every service's JSON, applied to the one ObjectMapper Quarkus builds:
 * a body must be one JSON value with nothing after it, and no string, key or tree text may hold the
 * NUL character ({@code \u0000}), which PostgreSQL cannot store. Both fail as a 400 naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    public static final String NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

    /** A string with a NUL character; its path names the field. */
    public static final class NulCharacterException extends MismatchedInputException {
        NulCharacterException(JsonParser p) {
            super(p, NUL_MESSAGE);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        SimpleModule module = new SimpleModule("ir-strict-json");
        module.addDeserializer(String.class, new NoNulStrings());
        module.addKeyDeserializer(String.class, new NoNulKeys());
        module.addDeserializer(JsonNode.class, new NoNulTrees());
        mapper.registerModule(module);
    }

    static boolean hasNul(String s) {
        return s != null && s.indexOf('\u0000') >= 0;
    }

    private static final class NoNulStrings extends StdDeserializer<String> {
        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (hasNul(value)) {
                throw new NulCharacterException(p);
            }
            return value;
        }
    }

    private static final class NoNulKeys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (hasNul(key)) {
                throw new NulCharacterException(ctxt.getParser());
            }
            return key;
        }
    }

    /** Trees are read as Jackson reads them, then searched; the error's path leads to the bad text. */
    private static final class NoNulTrees extends StdDeserializer<JsonNode> {
        @SuppressWarnings("unchecked")
        private static final JsonDeserializer<JsonNode> TREES =
                (JsonDeserializer<JsonNode>) com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer
                        .getDeserializer(JsonNode.class);

        NoNulTrees() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = TREES.deserialize(p, ctxt);
            check(tree, p);
            return tree;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }

        private static void check(JsonNode node, JsonParser p) throws JsonMappingException {
            if (node == null) {
                return;
            }
            if (node.isTextual() && hasNul(node.textValue())) {
                throw new NulCharacterException(p);
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    try {
                        check(node.get(i), p);
                    } catch (JsonMappingException e) {
                        e.prependPath(node, i);
                        throw e;
                    }
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (hasNul(field.getKey())) {
                        JsonMappingException e = new NulCharacterException(p);
                        e.prependPath(node, field.getKey().replace("\u0000", "\\u0000"));
                        throw e;
                    }
                    try {
                        check(field.getValue(), p);
                    } catch (JsonMappingException e) {
                        e.prependPath(node, field.getKey());
                        throw e;
                    }
                }
            }
        }
    }
}
