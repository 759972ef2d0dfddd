package io.irsuite.triage.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertTextTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "HighMemoryUsage, RESOURCE_EXHAUSTION",
            "ContainerOOMKilled, RESOURCE_EXHAUSTION",
            "cpu_saturation, RESOURCE_EXHAUSTION",
            "DiskAlmostFull, RESOURCE_EXHAUSTION",
            "DatabaseReplicationLag, DATABASE",
            "connection pool exhausted, DATABASE",
            "slow query detected, DATABASE",
            "Deadlock detected, DATABASE",
            "CertificateExpiringSoon, CERTIFICATE",
            "TLS handshake failures, CERTIFICATE",
            "x509 verify failed, CERTIFICATE",
            "DNS resolution failing, NETWORK",
            "PacketLossHigh, NETWORK",
            "host unreachable, NETWORK",
            "TrafficSpike, CAPACITY",
            "requests throttled, CAPACITY",
            "UpstreamTimeouts, DEPENDENCY",
            "dependency failing, DEPENDENCY",
            "Unauthorized access attempts, SECURITY",
    })
    void causeWords(String text, Category expected) {
        assertEquals(expected, AlertText.cause(text).orElseThrow().category());
    }

    @ParameterizedTest
    @CsvSource({"HighErrorRate", "HighLatency", "5xx above 5%", "Slow responses"})
    void symptomWordsAreNotCauses(String text) {
        assertTrue(AlertText.cause(text).isEmpty(), text);
        assertTrue(AlertText.symptom(text).isPresent(), text);
    }

    @ParameterizedTest
    @CsvSource({"Zoom room booking", "Broom closet"})
    void causeWordsMustBeWholeWords(String text) {
        assertTrue(AlertText.cause(text).isEmpty(), text);
    }
}
