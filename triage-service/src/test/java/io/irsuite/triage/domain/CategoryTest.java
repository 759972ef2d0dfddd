package io.irsuite.triage.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CategoryTest {

    @Test
    void theValidationPatternNamesEveryCategoryAndNothingElse() {
        assertEquals(Arrays.stream(Category.values()).map(Category::wire).collect(Collectors.joining("|")),
                Category.PATTERN);
    }

    @Test
    void wireNamesReadBack() {
        for (Category c : Category.values()) {
            assertEquals(c, Category.fromWire(c.wire()));
        }
        assertNull(Category.fromWire("gremlins"));
    }
}
