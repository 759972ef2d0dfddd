package io.irsuite.remediation.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlTemplateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://deployer:8080/rollback/${namespace}/${deployment}",
            "https://deployer.example/restart?service=${service}&ns=${namespace}",
            "http://10.0.0.1/health",
            "HTTPS://deployer.example/x/${service}#frag",
    })
    void acceptsPlaceholdersInPathAndQuery(String url) {
        assertEquals(List.of(), UrlTemplate.problems(url));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://${service}.internal/rollback              | only allowed in the path or query",
            "http://deployer:${namespace}/rollback            | only allowed in the path or query",
            "${service}://deployer/rollback                    | only allowed in the path or query",
            "http://user:${deployment}@deployer/rollback       | only allowed in the path or query",
            "http://deployer/rollback/${alert.summary}         | unknown placeholder ${alert.summary}",
            "http://deployer/rollback/${SERVICE}               | unknown placeholder ${SERVICE}",
            "http://deployer/rollback/${service               | unterminated placeholder",
            "/rollback/${service}                              | absolute http or https URL",
            "ftp://deployer/rollback                           | absolute http or https URL",
            "file:///etc/passwd                                | absolute http or https URL",
            "http:///no-host                                   | must name a host",
            "http://deployer/ro llback                         | not a valid URL",
    })
    void rejects(String url, String problem) {
        List<String> problems = UrlTemplate.problems(url);
        assertTrue(problems.stream().anyMatch(p -> p.contains(problem)), url + " -> " + problems);
    }

    @Test
    void rendersEachValueAsOneEncodedPathSegment() {
        Map<String, String> values = Map.of("service", "auth", "namespace", "shop", "deployment", "a/b c?d=é");
        assertEquals("http://d/rollback/shop/a%2Fb%20c%3Fd%3D%C3%A9?by=auth",
                UrlTemplate.render("http://d/rollback/${namespace}/${deployment}?by=${service}", values));
    }

    @Test
    void refusesMissingAndDotSegmentValues() {
        var missing = assertThrows(UrlTemplate.MissingValueException.class,
                () -> UrlTemplate.render("http://d/${namespace}", Map.of("service", "auth")));
        assertEquals("no value for ${namespace}", missing.getMessage());
        assertThrows(UrlTemplate.MissingValueException.class,
                () -> UrlTemplate.render("http://d/x/${deployment}/y", Map.of("deployment", "..")));
        assertThrows(UrlTemplate.MissingValueException.class,
                () -> UrlTemplate.render("http://d/x/${deployment}/y", Map.of("deployment", " ")));
    }
}
