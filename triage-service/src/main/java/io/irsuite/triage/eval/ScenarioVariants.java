package io.irsuite.triage.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Perturbed copies of a scenario, to check that triage is not tuned to the samples' names: every service
 * gets another name (consistently in the topology, changes, alerts, their texts and labels, and the truth;
 * datastores lose their {@code -db}/{@code -cache} suffix half of the time), and every alert name that
 * has well-known real-world equivalents (kube-prometheus and community Prometheus rules) is replaced by
 * one of them. The description is dropped half of the time. Figures, times and topology are unchanged.
 */
public final class ScenarioVariants {

    private static final List<String> NAMES = List.of("atlas", "beacon", "cobalt", "drift", "ember", "fjord",
            "granite", "harbor", "iris", "juniper", "kestrel", "lumen", "meridian", "nimbus", "onyx", "pioneer",
            "quartz", "raven", "sable", "tundra", "umber", "vertex", "willow", "xenon", "yarrow", "zephyr",
            "argon", "basalt", "cinder", "delta", "echo", "falcon", "glacier", "helix", "indigo", "jasper",
            "krypton", "lagoon", "magnet", "nova", "orbit", "prism", "quill", "ridge", "summit", "talon");

    /** Real-world Prometheus rule names that mean what the sample names mean. */
    private static final Map<String, List<String>> ALERT_NAMES = Map.ofEntries(
            Map.entry("HighErrorRate", List.of("NginxHighHttp5xxErrorRate", "Http5xxRateHigh", "ServiceErrorRatioHigh",
                    "IstioHigh5xxErrorRate", "HighErrorRate")),
            Map.entry("HighLatency", List.of("HighRequestLatency", "NginxLatencyHigh", "ApiP95LatencyHigh",
                    "IstioLatency99PercentileHigh")),
            Map.entry("SlowResponses", List.of("SlowRequests", "ResponseTimeHigh", "HttpSlowRequests")),
            Map.entry("ErrorBudgetBurn", List.of("SLOErrorBudgetBurn", "ErrorBudgetBurnRateHigh", "SloBurnRateFast")),
            Map.entry("MemoryUsageHigh", List.of("ContainerMemoryUsageHigh", "HostOutOfMemory",
                    "KubeContainerMemoryNearLimit", "JvmHeapUsageHigh")),
            Map.entry("OutOfMemoryKilled", List.of("KubeContainerOOMKilled", "ContainerOomKiller", "PodOOMKilled")),
            Map.entry("RequestRateSurge", List.of("HighRequestRate", "TrafficSpike", "NginxRequestsPerSecondHigh")),
            Map.entry("WafBlockingSpike", List.of("WafBlockedRequestsHigh", "ModSecurityBlocksHigh", "DDoSAttackSuspected")),
            Map.entry("DbLockWaits", List.of("PostgresqlTooManyLocksAcquired", "MysqlSlowQueries", "PostgresqlSlowQueries")),
            Map.entry("TlsHandshakeErrors", List.of("BlackboxSslCertificateExpired", "SSLCertExpired",
                    "X509CertificateExpired", "TLSHandshakeFailures")),
            Map.entry("CpuThrottled", List.of("CPUThrottlingHigh", "ContainerCpuThrottled")),
            Map.entry("CpuUsageHigh", List.of("HostHighCpuLoad", "ContainerCpuUsageHigh", "NodeCPUSaturated")),
            Map.entry("PacketLossHigh", List.of("HostNetworkReceiveErrors", "NodeNetworkReceiveErrs",
                    "NetworkPacketLoss", "TcpRetransmitsHigh")),
            Map.entry("ThirdPartyErrors", List.of("ExternalApiErrors", "PaymentProviderErrors", "VendorApiFailures")),
            Map.entry("ConfigReloadErrors", List.of("ConfigReloadFailed", "ConfigurationReloadFailure")),
            Map.entry("PodsRestarting", List.of("KubePodCrashLooping", "ContainerRestartsHigh", "PodRestartingTooOften")),
            Map.entry("DbReplicaLagging", List.of("PostgresqlReplicationLag", "MysqlSlaveReplicationLag",
                    "MongodbReplicationLag")),
            Map.entry("DbConnectionWaitHigh", List.of("PostgresqlTooManyConnections", "HikariCPConnectionTimeouts",
                    "PgbouncerMaxClientConnections", "MysqlTooManyConnections")),
            Map.entry("DbQueryRateHigh", List.of("MysqlHighQps", "PostgresqlHighQueryRate", "DbQueriesPerSecondHigh")),
            Map.entry("CronJobSlow", List.of("KubeJobNotCompleted", "CronJobRunningLong")),
            Map.entry("CertificateExpiresSoon", List.of("SSLCertExpiringSoon", "CertManagerCertExpirySoon")),
            Map.entry("DiskUsageWarning", List.of("HostDiskWillFillIn24Hours", "NodeFilesystemSpaceFillingUp")));

    private ScenarioVariants() {
    }

    /** {@code count} variants of every scenario, reproducible from {@code seed}. */
    public static List<Scenario> of(List<Scenario> scenarios, int count, long seed) {
        Random random = new Random(seed);
        List<Scenario> variants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (Scenario s : scenarios) {
                variants.add(variant(s, random, s.id() + "~" + (i + 1)));
            }
        }
        return variants;
    }

    static Scenario variant(Scenario s, Random random, String id) {
        List<String> named = new ArrayList<>();
        s.topology().forEach(n -> {
            named.add(n.name());
            if (n.dependsOn() != null) {
                named.addAll(n.dependsOn());
            }
        });
        s.alerts().forEach(a -> named.add(a.alert().service()));
        s.changes().forEach(c -> named.add(c.service()));
        named.add(s.truth().rootService());
        Set<String> services = new TreeSet<>();
        named.stream().filter(java.util.Objects::nonNull).forEach(services::add);

        List<String> pool = new ArrayList<>(NAMES);
        java.util.Collections.shuffle(pool, random);
        Map<String, String> rename = new LinkedHashMap<>();
        int next = 0;
        for (String service : services) {
            String base = next < pool.size() ? pool.get(next) : "svc" + next;
            next++;
            String suffix = service.matches(".*-(db|cache|queue|mq)$") && random.nextBoolean()
                    ? service.substring(service.lastIndexOf('-')) : "";
            rename.put(service, base + suffix);
        }
        Pattern anyName = Pattern.compile(rename.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).reduce((a, b) -> a + "|" + b).map(p -> "(?<![\\w-])(" + p + ")(?![\\w-])")
                .orElse("(?!)"));

        Map<String, String> alertNames = new LinkedHashMap<>();
        // In name order: Map.ofEntries iterates in an order that changes from one JVM run to the next.
        new java.util.TreeMap<>(ALERT_NAMES).forEach((name, alternatives) ->
                alertNames.put(name, alternatives.get(random.nextInt(alternatives.size()))));

        List<Scenario.Node> topology = s.topology().stream().map(n -> new Scenario.Node(rename.get(n.name()), n.tier(),
                n.owner(), n.dependsOn() == null ? null : n.dependsOn().stream().map(rename::get).toList(), n.kind())).toList();
        List<Scenario.Change> changes = s.changes().stream().map(c -> new Scenario.Change(rename.get(c.service()), c.type(),
                c.version(), c.previousVersion(), text(c.description(), anyName, rename), c.offsetSeconds())).toList();
        boolean dropDescriptions = random.nextBoolean();
        List<Scenario.ScenarioAlert> alerts = s.alerts().stream().map(sa -> {
            Scenario.Alert a = sa.alert();
            Map<String, String> labels = a.labels() == null ? null : new LinkedHashMap<>();
            if (a.labels() != null) {
                a.labels().forEach((k, v) -> labels.put(k, text(v, anyName, rename)));
            }
            return new Scenario.ScenarioAlert(sa.offsetSeconds(), sa.startsAtOffsetSeconds(), sa.role(), sa.duplicateOf(),
                    new Scenario.Alert(a.source(), rename.get(a.service()), alertNames.getOrDefault(a.name(), a.name()),
                            a.status(), a.severity(), text(a.summary(), anyName, rename),
                            dropDescriptions ? null : text(a.description(), anyName, rename), labels, a.metrics(),
                            a.fingerprint()));
        }).toList();
        Scenario.Truth t = s.truth();
        Scenario.Truth truth = new Scenario.Truth(rename.get(t.rootService()), t.category(), t.severity(),
                t.acceptableActions(), t.incidentCount(), t.faultKind(), t.victims().stream().map(rename::get).toList());
        return new Scenario(id, topology, changes, alerts, truth);
    }

    private static String text(String text, Pattern anyName, Map<String, String> rename) {
        if (text == null) {
            return null;
        }
        Matcher m = anyName.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(rename.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
