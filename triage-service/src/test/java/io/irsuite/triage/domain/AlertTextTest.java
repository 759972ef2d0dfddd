package io.irsuite.triage.domain;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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
            "PostgresReplicationLagHigh, DATABASE",
            "NodeFilesystemSpaceFillingUp, RESOURCE_EXHAUSTION",
            "RabbitmqQueueTooLong, CAPACITY",
            "KubeHpaMaxedOut, CAPACITY",
            "WafBlockingSpike, SECURITY",
            "DDoSAttackDetected, SECURITY",
            "ThirdPartyErrors, EXTERNAL",
            "ConfigReloadErrors, CONFIG",
            "Pods restarting after rollout, DEPLOY",
            "CPU throttling above 50%, RESOURCE_EXHAUSTION",
            "Waiting for database connections, DATABASE",
            "JvmHeapUsageHigh, RESOURCE_EXHAUSTION",
            "NodeNetworkReceiveErrs, NETWORK",
            "InboundPacketsDDoS, SECURITY",
            "Requests blocked by the firewall, SECURITY",
            "Excessive blocked http requests, SECURITY",
            "AuthenticationFailuresHigh, SECURITY",
            "Too many failed logins, SECURITY",
            "SnmpInterfaceDown, NETWORK",
            "BgpPeerDown, NETWORK",
            "VpnTunnelDown, NETWORK",
            "ClusterMemberCommunicationSlow, NETWORK",
            "pkt loss az-b, NETWORK",
            "repl lag, DATABASE",
            "too many conns, DATABASE",
            "img pull backoff, DEPLOY",
            "bad cfg push, CONFIG",
            "req/s spike, CAPACITY",
            "429s from api, CAPACITY",
            "Cross-AZ latency high, NETWORK",
            "High ping times to gateway, NETWORK",
            "MTU mismatch detected, NETWORK",
            "Name resolution failures, NETWORK",
            "Inter-region link degraded, NETWORK",
            "Keystore expiring in 7 days, CERTIFICATE",
            "ACME challenge failed, CERTIFICATE",
            "Settings reload failed, CONFIG",
            "Missing environment variable, CONFIG",
            "YAML parse error on startup, CONFIG",
            "Secret not found, CONFIG",
            "Working set near limit, RESOURCE_EXHAUSTION",
            "Too many open files, RESOURCE_EXHAUSTION",
            "Thread pool exhausted, RESOURCE_EXHAUSTION",
            "conntrack table full, RESOURCE_EXHAUSTION",
            "WireguardPeerHandshakeTooOld, NETWORK",
            "mTLS handshake errors, CERTIFICATE",
    })
    void causeWords(String text, Category expected) {
        assertEquals(expected, AlertText.cause(text).orElseThrow().category());
    }

    @ParameterizedTest
    @CsvSource({"PacketsInDDoS, packets in ddos", "UDPBytesInDDoS, udp bytes in ddos", "IfUnderDDoSAttack, if under ddos attack",
            "DoS attack suspected, dos attack suspected", "HighOOMKills, high oom kills", "TargetIPs, target ips"})
    void mixedCaseAcronymsStayOneWord(String text, String words) {
        assertEquals(words, AlertText.normalise(text));
    }

    @ParameterizedTest
    @CsvSource({"HighErrorRate", "HighLatency", "5xx above 5%", "Slow responses", "HighRequestLatency",
            "SLOErrorBudgetBurn", "Http5xxErrorRateHigh", "p99 lat spike", "503s on checkout", "api errs up"})
    void symptomWordsAreNotCauses(String text) {
        assertTrue(AlertText.cause(text).isEmpty(), text);
        assertTrue(AlertText.symptom(text).isPresent(), text);
    }

    @ParameterizedTest
    @CsvSource({"Zoom room booking", "Broom closet"})
    void causeWordsMustBeWholeWords(String text) {
        assertTrue(AlertText.cause(text).isEmpty(), text);
    }

    @ParameterizedTest
    @CsvSource({"KubePodCrashLooping, crash", "TargetDown, down", "PodNotReady, not ready"})
    void crashWordsAreCauseLikeWithoutACategory(String name, String keyword) {
        AlertText.Reading reading = AlertText.read(new AlertFacts("i", "svc", name, null, null, null, true, null), List.of());
        AlertText.Hit hit = reading.strongest().orElseThrow();
        assertEquals(AlertText.Family.CRASH, hit.family());
        assertEquals(null, hit.category());
        assertTrue(hit.keyword().startsWith(keyword), hit.keyword());
        assertTrue(hit.inName());
    }

    @ParameterizedTest
    @CsvSource({"Query rate far above normal", "Request rate 5x above normal", "TrafficSurge", "HighQPS"})
    void loadWords(String text) {
        assertTrue(AlertText.describesLoad(text), text);
    }

    @ParameterizedTest
    @CsvSource({"HighErrorRate", "Lock waits increasing", "LoadBalancerErrors", "Apache - low request rate",
            "Unexpected drops in traffic for a device", "Throughput fell below baseline", "NoRequestsReceived"})
    void notLoad(String text) {
        assertFalse(AlertText.describesLoad(text), text);
    }

    @ParameterizedTest
    @CsvSource({"LowRequestRate, The request rate is far below normal", "TrafficDrop, Drops in traffic for the app"})
    void fallingLoadNamesNoCapacityCause(String name, String summary) {
        AlertText.Reading reading = AlertText.read(new AlertFacts("i", "svc", name, summary, null, null, true, null), List.of(),
                null);
        assertFalse(reading.load(), name);
        assertTrue(reading.causes().stream().noneMatch(h -> h.family() == AlertText.Family.CAPACITY), reading.causes().toString());
    }

    @Test
    void aLoadOnlyAlertNamesNoFaultOfItsOwn() {
        AlertText.Reading load = AlertText.read(new AlertFacts("i", "orders-db", "DbQueryRateHigh",
                "Query rate far above normal", null, null, true, null), List.of("orders-db"));
        assertTrue(load.load());
        assertFalse(load.namesOwnFault());
        AlertText.Reading lag = AlertText.read(new AlertFacts("i", "orders-db", "DbReplicaLagging",
                "Replica lag above 30s", null, null, true, null), List.of("orders-db"));
        assertTrue(lag.namesOwnFault());
    }

    @Test
    void serviceNamesAreRemovedFromDescriptionsButNotFromTheRuleName() {
        AlertFacts alert = new AlertFacts("i", "cert-db", "HighErrorRate", "5xx on cert-db",
                "cert-db-5f7c9 returns errors", null, true, null, Map.of("pod", "cert-db-5f7c9"));
        assertTrue(AlertText.read(alert, List.of("cert-db")).causes().isEmpty());
        AlertFacts named = new AlertFacts("i", "dns", "DnsResolutionFailures", null, null, null, true, null);
        assertEquals(Category.NETWORK, AlertText.read(named, List.of("dns")).strongest().orElseThrow().category());
    }

    @Test
    void oneRuleFiringOnManyInstancesIsReadOnceButLabelsAReadingUsesAreKeptApart() {
        var reader = AlertText.reader(List.of("checkout"));
        AlertText.Reading first = reader.apply(alert(Map.of("instance", "10.0.0.1:9100", "pod", "checkout-1")));
        assertSame(first, reader.apply(alert(Map.of("instance", "10.0.0.2:9100", "pod", "checkout-2"))),
                "instance and pod name a place, which no reading reads");
        AlertText.Reading reason = reader.apply(alert(Map.of("instance", "10.0.0.1:9100", "reason", "OOMKilled")));
        assertNotSame(first, reason, "a reason is read");
        assertEquals(Category.RESOURCE_EXHAUSTION, reason.strongest().orElseThrow().category());
        // a count of sources is read even under an identity key: 3 sources behind a request rate is abuse
        AlertText.Reading few = reader.apply(alert(Map.of("source", "3")));
        assertTrue(few.abuse().isPresent());
        assertFalse(reader.apply(alert(Map.of("source", "5000"))).abuse().isPresent());
    }

    private static AlertFacts alert(Map<String, String> labels) {
        return new AlertFacts("i", "checkout", "ContainerRestarting", "container restarted", null, null, true, null,
                labels);
    }
}
