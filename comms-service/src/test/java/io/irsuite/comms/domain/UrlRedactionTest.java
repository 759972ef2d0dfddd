package io.irsuite.comms.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UrlRedactionTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "webhook, https://hooks.example.com/ir, https://hooks.example.com/ir",
            "webhook, https://hooks.example.com:8443/ir?token=s3cret, https://hooks.example.com:8443/ir?***",
            "webhook, https://user:pass@hooks.example.com/ir, https://hooks.example.com/ir",
            "slack, https://hooks.slack.com/services/T000/B000/XXXX, https://hooks.slack.com/***"})
    void secretsInChannelUrlsAreHidden(String type, String url, String shown) {
        assertEquals(shown, UrlRedaction.redact(type, url));
    }
}
