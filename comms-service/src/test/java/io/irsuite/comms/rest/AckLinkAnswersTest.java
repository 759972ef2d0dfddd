package io.irsuite.comms.rest;

import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AckLinkAnswersTest {

    /** Accept types in the client's order of preference (as JAX-RS sorts them), then whether HTML answers errors. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/html,application/xhtml+xml,application/xml,*/* | true",
            "application/xhtml+xml,*/* | true",
            "*/* | false",
            "'' | false",
            "application/json | false",
            "application/problem+json,text/html | false",
            "*/*,text/html | true",
            "text/* | true",
            "text/plain | false"})
    void aBrowserGetsHtmlAndApiClientsGetProblems(String accept, boolean html) {
        List<MediaType> types = accept.isEmpty() ? List.of()
                : Arrays.stream(accept.split(",")).map(MediaType::valueOf).toList();
        assertEquals(html, AckLinkAnswers.prefersHtml(types));
    }
}
