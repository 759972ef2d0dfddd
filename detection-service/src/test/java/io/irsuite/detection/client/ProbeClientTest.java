package io.irsuite.detection.client;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProbeClientTest {

    @Test
    void saysWhatFailedInWords() {
        assertEquals("connection refused",
                ProbeClient.describe(new ConnectException("Connection refused: localhost/127.0.0.1:1")));
        assertEquals("connection refused", ProbeClient.describe(
                new RuntimeException("wrapped", new ConnectException("Connection refused"))));
        assertEquals("connection failed: Network is unreachable",
                ProbeClient.describe(new ConnectException("Network is unreachable")));
        assertEquals("unknown host", ProbeClient.describe(new UnknownHostException("nowhere.invalid")));
        assertEquals("TLS failed: bad certificate", ProbeClient.describe(new SSLHandshakeException("bad certificate")));
        assertEquals("request failed: IllegalStateException", ProbeClient.describe(new IllegalStateException()));
        assertEquals(200 + "request failed: ".length() + 1,
                ProbeClient.describe(new IllegalStateException("x".repeat(500))).length());
    }
}
