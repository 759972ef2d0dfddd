package io.irsuite.triage.eval;

import io.irsuite.triage.domain.AlertCorpus;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.AlertText;

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
 *
 * <p>{@link #heldOut Held-out variants} draw the alert wording from one source of the alert corpus instead,
 * the source the classifier used to triage them was trained without: each alert's name and text become those
 * of a rule of that source labelled with what the alert means in its scenario (see {@link #meaning}).
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
                variants.add(variant(s, random, s.id() + "~" + (i + 1), null));
            }
        }
        return variants;
    }

    /** A corpus label: the rule's category (wire name or {@code crash}) and whether it is cause-like. */
    public record Label(String category, boolean cause) {
        static final Label SYMPTOM = new Label("unknown", false);

        @Override
        public String toString() {
            return category + "/" + (cause ? "cause" : "symptom");
        }
    }

    /**
     * Held-out variants and how their alerts were worded: {@code reworded} alerts (duplicates and noise not
     * counted) took a rule of the held-out source, {@code kept} kept the old replacement because the source
     * has no rule of their label ({@code missing} counts them by label).
     */
    public record HeldOut(String source, List<Scenario> variants, int reworded, int kept, Map<String, Integer> missing) {
    }

    /**
     * {@code count} variants of every scenario (the same services, names and descriptions dropped as
     * {@link #of} with the same seed), whose incident alerts are worded by rules of {@code rules}, one source
     * of the corpus: each alert takes a rule whose label matches its {@link #meaning}, drawn with the seed
     * (the same sample alert name and label take the same rule within a variant, so re-sent alerts stay
     * one). Where the source has no rule of that label, the old replacement is kept and counted.
     */
    public static HeldOut heldOut(List<Scenario> scenarios, int count, long seed, String source,
                                  List<AlertCorpus.Rule> rules) {
        Map<Label, List<AlertCorpus.Rule>> byLabel = new java.util.TreeMap<>(Comparator.comparing(Label::toString));
        rules.stream().sorted(Comparator.comparing(AlertCorpus.Rule::name))
                .forEach(r -> byLabel.computeIfAbsent(new Label(r.category(), r.cause()), k -> new ArrayList<>()).add(r));
        Random random = new Random(seed);
        // Its own stream: the services and dropped descriptions stay those of the old variants.
        Random picks = new Random(seed * 31 + source.hashCode());
        Wording wording = new Wording(byLabel, picks);
        List<Scenario> variants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (Scenario s : scenarios) {
                variants.add(variant(s, random, s.id() + "~" + source + "~" + (i + 1), wording));
            }
        }
        return new HeldOut(source, variants, wording.reworded, wording.kept, wording.missing);
    }

    /**
     * What a scenario alert means, from its scenario's truth and its role, never from its name: a root alert
     * whose own wording names a cause (a cause-like keyword family of the sample's text) is cause-like with
     * the truth's category; a root alert that only reports a symptom (an error rate on the faulty service) and
     * every symptom alert mean a plain symptom ({@code unknown/symptom}); a duplicate means what its original
     * means; noise means nothing here (it is not replayed as part of the incident): null.
     */
    static Label meaning(Scenario s, int index) {
        Scenario.ScenarioAlert sa = s.alerts().get(index);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        while ("duplicate".equalsIgnoreCase(sa.role()) && sa.duplicateOf() != null
                && sa.duplicateOf() >= 0 && sa.duplicateOf() < s.alerts().size() && seen.add(sa.duplicateOf())) {
            sa = s.alerts().get(sa.duplicateOf());
        }
        if (sa.alert() == null || "noise".equalsIgnoreCase(sa.role()) || "duplicate".equalsIgnoreCase(sa.role())) {
            return null;
        }
        if (!"root".equalsIgnoreCase(sa.role())) {
            return Label.SYMPTOM;
        }
        Scenario.Alert a = sa.alert();
        AlertFacts facts = new AlertFacts("sample", a.service(), a.name(), a.summary(), a.description(), null, true,
                null, a.labels() == null ? Map.of() : a.labels(), null);
        List<String> names = s.topology().stream().map(Scenario.Node::name).toList();
        boolean causeLike = AlertText.read(facts, names, null).strongest().isPresent();
        return causeLike ? new Label(s.truth().category(), true) : Label.SYMPTOM;
    }

    /** Picks the held-out source's rules for a variant's alerts, and counts. */
    private static final class Wording {
        final Map<Label, List<AlertCorpus.Rule>> byLabel;
        final Random random;
        int reworded;
        int kept;
        final Map<String, Integer> missing = new java.util.TreeMap<>();

        Wording(Map<Label, List<AlertCorpus.Rule>> byLabel, Random random) {
            this.byLabel = byLabel;
            this.random = random;
        }

        /** One variant's choice: per sample alert, the rule that words it (null: keep the old replacement). */
        Map<Integer, AlertCorpus.Rule> choose(Scenario s) {
            Map<String, AlertCorpus.Rule> chosen = new java.util.HashMap<>();
            Map<Integer, AlertCorpus.Rule> byIndex = new java.util.HashMap<>();
            for (int i = 0; i < s.alerts().size(); i++) {
                Scenario.ScenarioAlert sa = s.alerts().get(i);
                boolean counted = sa.alert() != null && !"duplicate".equalsIgnoreCase(sa.role())
                        && !"noise".equalsIgnoreCase(sa.role());
                Label label = meaning(s, i);
                if (label == null) {
                    continue;
                }
                List<AlertCorpus.Rule> candidates = byLabel.get(label);
                if (candidates == null) {
                    if (counted) {
                        kept++;
                        missing.merge(label.toString(), 1, Integer::sum);
                    }
                    continue;
                }
                if (counted) {
                    reworded++;
                }
                byIndex.put(i, chosen.computeIfAbsent(sa.alert().name() + "|" + label,
                        k -> candidates.get(random.nextInt(candidates.size()))));
            }
            return byIndex;
        }
    }

    /** Template placeholders of rule texts ({@code {{ $labels.pod }}}, {@code $value}, {@code <value>}). */
    private static final Pattern PLACEHOLDERS = Pattern.compile("\\{\\{[^}]{0,80}}}|\\$\\w+(\\.\\w+)*|<[^<>]{0,40}>");

    private static String ruleText(String summary) {
        String text = PLACEHOLDERS.matcher(summary == null ? "" : summary).replaceAll(" ").replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? null : text;
    }

    static Scenario variant(Scenario s, Random random, String id, Wording wording) {
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
        Map<Integer, AlertCorpus.Rule> worded = wording == null ? Map.of() : wording.choose(s);
        List<Scenario.ScenarioAlert> alerts = new ArrayList<>();
        for (int i = 0; i < s.alerts().size(); i++) {
            Scenario.ScenarioAlert sa = s.alerts().get(i);
            Scenario.Alert a = sa.alert();
            if (a == null) {
                alerts.add(sa);
                continue;
            }
            Map<String, String> labels = a.labels() == null ? null : new LinkedHashMap<>();
            if (a.labels() != null) {
                a.labels().forEach((k, v) -> labels.put(k, text(v, anyName, rename)));
            }
            AlertCorpus.Rule rule = worded.get(i);
            String name = rule != null ? rule.name() : alertNames.getOrDefault(a.name(), a.name());
            String summary = rule != null ? ruleText(rule.summary()) : text(a.summary(), anyName, rename);
            String description = rule != null || dropDescriptions ? null : text(a.description(), anyName, rename);
            alerts.add(new Scenario.ScenarioAlert(sa.offsetSeconds(), sa.startsAtOffsetSeconds(), sa.role(),
                    sa.duplicateOf(), new Scenario.Alert(a.source(), rename.get(a.service()), name, a.status(),
                    a.severity(), summary, description, labels, a.metrics(), a.fingerprint())));
        }
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
