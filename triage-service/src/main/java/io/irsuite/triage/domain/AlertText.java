package io.irsuite.triage.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads alert text (name, summary, description and label values) for keyword families that point at a
 * cause, describe load, point further down the call chain, or only describe a symptom. Names are split
 * into words first (CamelCase, snake_case, kebab-case), so {@code PostgresReplicationLagHigh} reads as
 * "postgres replication lag high". Generic vocabulary only: no rule names a particular service or alert.
 */
public final class AlertText {

    /** A cause the text points at, and the words that said so. */
    public record Cause(Category category, String keyword) {
    }

    /**
     * One keyword family found in an alert, or what the learned classifier read where no family matched.
     *
     * @param category    the category it names, null for a cause-like family that names none (crash, down)
     * @param keyword     the words that said so (for a learned hit, its explanation: "network (0.91): 'packet', 'loss'")
     * @param inName      found in the alert's name (the rule name), the most deliberate text of an alert
     * @param probability 1 for a keyword; the classifier's probability for a learned hit
     */
    public record Hit(Family family, Category category, String keyword, boolean inName, double probability,
                      boolean learned) {

        public Hit(Family family, Category category, String keyword, boolean inName) {
            this(family, category, keyword, inName, 1.0, false);
        }
    }

    /**
     * What one alert says.
     *
     * @param causes  cause-like hits, most specific family first (a learned hit that outranks the families before them)
     * @param symptom a symptom word (error rate, latency, 5xx, slow…), if any
     * @param load    whether it describes load (request or query rate, traffic, surge) rather than a fault
     * @param learned what the classifier read (empty when it was not asked): a learned hit is among
     *                {@code causes} only where no cause-like family matched and it is confident, or where it
     *                is sure of another category than the families that matched ({@link #LEARNED_OVERRIDES})
     * @param abuse   wording that means abuse when it comes from a service at the edge (floods, rate-limit
     *                blocks, a request rate from few sources), if any
     * @param edge    whether the alert names an edge technology (ingress, gateway, load balancer, CDN, proxy)
     */
    public record Reading(List<Hit> causes, Optional<String> symptom, boolean load,
                          Optional<AlertClassifier.Prediction> learned, Optional<String> abuse, boolean edge) {

        public Reading(List<Hit> causes, Optional<String> symptom, boolean load) {
            this(causes, symptom, load, Optional.empty(), Optional.empty(), false);
        }

        public Reading(List<Hit> causes, Optional<String> symptom, boolean load,
                       Optional<AlertClassifier.Prediction> learned) {
            this(causes, symptom, load, learned, Optional.empty(), false);
        }

        /** A security-family hit (attack, WAF, threat, blocked requests, floods), if any. */
        public Optional<Hit> security() {
            return causes.stream().filter(h -> h.family() == Family.SECURITY).findFirst();
        }

        public Optional<Hit> strongest() {
            return causes.stream().filter(h -> h.family().causeLike()).findFirst();
        }

        /** Cause-like families other than load and the downstream-pointing ones. */
        public boolean namesOwnFault() {
            return causes.stream().anyMatch(h -> h.family().causeLike() && h.family() != Family.CAPACITY
                    && !(load && h.family() == Family.DATABASE));
        }
    }

    /**
     * From this probability on, the classifier's reading of wording no family knows counts as a cause (its
     * points scaled by the probability); below it the wording counts for nothing and the analysis weighs
     * topology and changes. Chosen on the corpus's held-out sources (CorpusEvaluation): see the README.
     */
    public static final double LEARNED_CONFIDENT = 0.6;

    /**
     * From this probability on, a cause-like reading of the classifier outranks the keyword families that matched
     * the alert when they name another category (it then names the alert's cause; its points are still scaled by
     * the probability). Chosen on the corpus's held-out sources (CorpusEvaluation, "keywords + model"): see the
     * README.
     */
    public static final double LEARNED_OVERRIDES = 0.8;

    /** Keyword families, most specific first. */
    public enum Family {
        CERTIFICATE(Category.CERTIFICATE, true,
                "certificates?|certs?|tls|ssl|x509|keystores?|truststores?|acme|cert manager"),
        SECURITY(Category.SECURITY, true,
                "unauthori[sz]ed|breach\\w*|intrusions?|ddos|dos attacks?|attacks?|brute force|waf|malicious|suspicious"
                        + "|credential stuffing|bot traffic|bad bots?|botnets?|threats?|mod ?security"
                        + "|blocked (?:https? |web |api |client )?requests?|requests? blocked|blocked by (?:the )?(?:firewall|waf)"
                        + "|(?:syn|ack|udp|icmp|http|connection|request) floods?|firewall (?:blocks?|blocking|drops?)"
                        + "|auth\\w* (?:failures?|errors?|fail rate)|(?:login|logon|sign ?in) failures?|failed (?:logins?|logons?)"
                        + "|access denied|permission denied|policy denials?|security (?:bulletins?|events?|incidents?|violations?|reasons?)"),
        DATABASE(Category.DATABASE, true,
                "databases?|db|dbs|sql|postgres\\w*|pg|mysql|mariadb|mongo\\w*|cassandra|replication|repl|replica lag\\w*"
                        + "|replicas? (?:lag\\w*|behind|out of sync)|deadlocks?|lock waits?|lock contention|table locks?"
                        + "|quer(?:y|ies)|conn(?:ection)? pools?|(?<!thread |worker )pool exhausted|wal|vacuum|hikari\\w*|pgbouncer|pgpool|too many conn(?:ection)?s"),
        RESOURCE(Category.RESOURCE_EXHAUSTION, true,
                "memory|mem|oom\\w*|out of memory|heap|gc|garbage collection|cpus?|disks?|filesystems?|file system"
                        + "|inodes?|volume filling|space filling|storage full|ephemeral storage|swap\\w*|saturat\\w*"
                        + "|leak\\w*|file descriptors?|open files|exhaust\\w*|evict\\w*|working set|page faults?|conntrack"),
        NETWORK(Category.NETWORK, true,
                "dns|nxdomain|network\\w*|packets?|pkts?|packet loss|partition\\w*|unreachable|no route"
                        + "|connection refused|connection reset|tcp|retransmi\\w*|interfaces?|nics?|bond(?:ing)?|bgp"
                        + "|vpn|tunnels?|peers?|connectivity|communicat\\w*|ping|jitter|mtu|rtt|round ?trip\\w*|routes? flap\\w*"
                        + "|name resolution|syn retr\\w*|links? (?:down|degraded|errors?|flap\\w*)|(?:cross|inter) (?:az|zone|region)s?"),
        EXTERNAL(Category.EXTERNAL, true,
                "third party|thirdparty|3rd party|vendors?|providers?|external|partners?|saas"),
        CAPACITY(Category.CAPACITY, true,
                "traffic|request rate|requests rate|qps|rps|requests per second|throughput|surge\\w*"
                        + "|load(?! balancer)|overload\\w*|capacity|rate limit\\w*|throttl\\w*|too many requests|429"
                        + "|hpa|autoscal\\w*|max replicas|maxed out|backlog|queue (?:too )?long|queue length|queue size|req s|429s"
                        + "|queue depth|consumer lag|messages ready"),
        CONFIG(Category.CONFIG, true,
                "config\\w*|misconfig\\w*|cfg|settings|feature flags?|flags?|toggles?|env(?:ironment)? var(?:iable)?s?"
                        + "|(?:yaml|json|toml) (?:parse|syntax)\\w*|secrets? (?:not found|missing)|schema validation"),
        DEPLOY(Category.DEPLOY, true,
                "rollouts?|roll out|deploy|deploys|deployed|releases?|canary|(?:image|img) pull\\w*|bad version"),
        CRASH(null, true,
                "crash\\w*|restart\\w*|panic\\w*|down|not ready|notready|killed|exit code|unhealthy|terminated"),
        /** Says the trouble is further down the call chain: a weak cause of the alerting service itself. */
        DEPENDENCY(Category.DEPENDENCY, false,
                "dependency|dependencies|upstream|downstream|time ?outs?|timed out|circuit|bad gateway|gateway timeout"
                        + "|502|504");

        private final Category category;
        private final boolean causeLike;
        private final Pattern pattern;

        Family(Category category, boolean causeLike, String words) {
            this.category = category;
            this.causeLike = causeLike;
            this.pattern = Pattern.compile("\\b(" + words + ")\\b");
        }

        public Category category() {
            return category;
        }

        /** Whether the family describes a fault of the alerting service itself. */
        public boolean causeLike() {
            return causeLike;
        }
    }

    private static final Pattern SYMPTOM = Pattern.compile(
            "\\b(error rate|error budget|errors?|errs?|burn\\w*|5xxs?|4xxs?|5\\d\\ds?|latency|latencies|lat|slow\\w*"
                    + "|response times?|sli|slo|availability|apdex|success rate|failures?|failing)\\b");

    /** Words that describe load rather than a fault ("query rate far above normal"). */
    private static final Pattern LOAD = Pattern.compile(
            "\\b(traffic|request rate|requests rate|query rate|qps|rps|req s|requests per second|queries per second|throughput|surge\\w*"
                    + "|load(?! balancer)|overload\\w*|too many requests|(?:far |\\d+ ?x )?above normal)\\b");

    /**
     * Load falling rather than rising ("low request rate", "drops in traffic", "throughput fell below normal"): a
     * symptom of something upstream or of the service itself (the labelling guide: throughput falling is a
     * symptom), not demand above what is provisioned; its load words then name neither load nor capacity.
     */
    private static final Pattern FALLING_LOAD = Pattern.compile(
            "\\b(?:low|lower|drops? in|decreas\\w*|falls?|falling|fallen|fell|declin\\w*|stopped|no|zero|reduced) (?:\\w+ ){0,2}?"
                    + "(?:traffic|request rate|requests rate|requests|request count|throughput|qps|rps|req s)\\b"
                    + "|\\b(?:traffic|request rate|requests rate|requests|request count|throughput|qps|rps|req s) (?:\\w+ ){0,2}?"
                    + "(?:low|decreas\\w*|fell|falls?|falling|fallen|declin\\w*|stopped|below)\\b");

    /**
     * Connection-limit wording ("too many connections", "rejected connections", "max client connections"): on a
     * datastore or a dependency it describes load from its callers, not a fault of its own, so it counts as load.
     */
    private static final Pattern CONNECTION_LIMIT = Pattern.compile(
            "\\b(too many (?:connections|conns|clients)|max(?:imum)? (?:client |open |allowed )?connections|connection limits?"
                    + "|connections? (?:near|above|over|at|close to|reaching|reached|exceed\\w*) (?:the )?(?:limit|max\\w*)"
                    + "|(?:rejected|dropped) (?:client )?connections|connections? (?:rejected|dropped)|connection rejections?"
                    + "|(?:high|many) (?:client |active |open )?connections|connections? (?:count )?(?:high|spike)"
                    + "|connection count\\w*|high qps|queries per second)\\b");

    /**
     * Wording that means abuse when an edge service raises it, though it may be benign deeper in the graph:
     * floods, rate-limit blocks, request rates from few sources.
     */
    private static final Pattern ABUSE = Pattern.compile(
            "\\b(flood\\w*|rate limit\\w* (?:blocks?|blocked|blocking|rejections?|rejected|drops?|dropped|triggered|hits?)"
                    + "|(?:blocked|rejected|dropped) by (?:the )?rate limit\\w*|few (?:sources|ips?|clients|addresses|hosts)"
                    + "|(?:single|one) (?:source|ip|client|address|host)|handful of (?:sources|ips?|clients)"
                    + "|top (?:talkers?|clients?|ips?|sources?)|per (?:source|ip|client)|abnormal request rate|abus\\w*"
                    + "|scrap(?:er|ers|ing))\\b");

    /** "from 3 sources", "4 unique ips": a request rate from that many sources. */
    private static final Pattern SOURCE_COUNT = Pattern.compile(
            "\\b(\\d+) (?:distinct |unique |different )?(?:(?:source |client )?ips?|(?:source |client )?ip addresses|sources?|addresses|clients?|hosts?)\\b");

    /** Labels whose value counts the sources of the traffic, or whose presence says the alert is per source. */
    private static final Pattern SOURCE_COUNT_LABEL = Pattern.compile(
            "(?:unique|distinct)?_?(?:source|src|client|ip|remote)s?_?(?:count|ips?|addresses)?|sources|clients");
    private static final Set<String> PER_SOURCE_LABELS = Set.of("source_ip", "src_ip", "client_ip", "remote_addr",
            "remote_ip", "client_address", "source_address", "x_forwarded_for");

    /** At most this many sources behind a request rate is "few": abuse, not an organic surge. */
    public static final int FEW_SOURCES = 20;

    /** Edge technologies in an alert's name or labels: the service receives outside traffic. */
    private static final Pattern EDGE = Pattern.compile(
            "\\b(ingress\\w*|api gateway|gateway|load balanc\\w*|lb|alb|elb|nlb|cdn|edge|waf|nginx|haproxy|envoy|traefik"
                    + "|cloudfront|cloudflare|akamai|fastly|front door|reverse proxy)\\b");
    private static final Pattern NOT_EDGE = Pattern.compile("\\b(bad gateway|gateway time ?outs?|gateway timed out)\\b");

    /** Labels that only say where an alert comes from: their values name things, not causes. */
    private static final Set<String> IDENTITY_LABELS = Set.of("region", "zone", "availability_zone", "job", "namespace",
            "pod", "instance", "service", "cluster", "env", "environment", "team", "owner", "severity", "alertname",
            "container", "node", "host", "hostname", "prometheus", "endpoint", "deployment", "statefulset", "daemonset",
            "replicaset", "app", "version", "tier", "datacenter", "dc", "source");

    /**
     * Labels whose values no reading uses: identity labels for both the families and the classifier
     * ({@link AlertTokens}), and not a count of sources ({@code abuse}). The key a reading is remembered by leaves
     * their values out, so one rule firing on many instances (a storm's usual shape) is read once, not once per
     * instance.
     */
    private static final Set<String> UNREAD_VALUES = IDENTITY_LABELS.stream()
            .filter(AlertTokens.IDENTITY_LABELS::contains)
            .filter(key -> !SOURCE_COUNT_LABEL.matcher(key).matches())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private AlertText() {
    }

    /** The first cause the text points at, most specific family first. */
    public static Optional<Cause> cause(String text) {
        return hits(normalise(text), false).stream().filter(h -> h.category() != null).findFirst()
                .map(h -> new Cause(h.category(), h.keyword()));
    }

    /** A symptom word (error rate, latency, 5xx, slow) in the text, if any. */
    public static Optional<String> symptom(String text) {
        Matcher m = SYMPTOM.matcher(normalise(text));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether the text describes load (rates, traffic, surges) rather than a fault. */
    public static boolean describesLoad(String text) {
        String words = normalise(text);
        return LOAD.matcher(words).find() && !FALLING_LOAD.matcher(words).find();
    }

    /**
     * Reads one alert. Service names ({@code names}, e.g. every catalog entry) are removed from the summary,
     * description and label values first, so that "… on payments-db" says nothing about databases; the
     * alert's name is a rule name and is read as it is.
     */
    public static Reading read(AlertFacts alert, Collection<String> names) {
        return reader(names).apply(alert);
    }

    /**
     * {@link #read} against one set of names, for many alerts. Readings are remembered (the most recent
     * {@value #REMEMBERED} texts, by a hash of the texts): a re-triage reads every alert of its incident
     * again, and in a storm an incident holds hundreds.
     */
    public static Function<AlertFacts, Reading> reader(Collection<String> names) {
        Set<String> wanted = names instanceof Set<String> set ? set : Set.copyOf(names);
        Names known;
        synchronized (NAMES) {
            known = NAMES.get(wanted);
        }
        if (known == null) {
            known = new Names(Set.copyOf(wanted));
            synchronized (NAMES) {
                NAMES.put(known.all, known);
            }
        }
        Names current = known;
        AlertClassifier model = AlertClassifier.shared();
        return alert -> {
            Remembered key = new Remembered(current, model, fingerprint(alert));
            synchronized (READINGS) {
                Reading seen = READINGS.get(key);
                if (seen != null) {
                    return seen;
                }
            }
            Reading reading = readAgainst(alert, current, model);
            synchronized (READINGS) {
                READINGS.put(key, reading);
            }
            return reading;
        };
    }

    /**
     * How many readings are remembered: more than the alerts of the open incidents of a storm (20,000 in the
     * storm benchmark), which a re-triage reads again and again in turn. An entry is a few dozen bytes.
     */
    static final int REMEMBERED = 50_000;

    /** A set of names and their lower-case forms; compared by identity in {@link Remembered}. */
    private static final class Names {
        final Set<String> all;
        final List<String[]> lowered = new ArrayList<>();

        Names(Set<String> all) {
            this.all = all;
            for (String n : all) {
                if (n != null && n.length() > 1) {
                    lowered.add(new String[]{n, n.toLowerCase(Locale.ROOT)});
                }
            }
        }
    }

    /**
     * A reading's key: the names it was made against, the classifier that read it (an evaluation may triage with
     * one trained without a held-out source) and a 64-bit hash of the alert's texts (not the texts).
     */
    private record Remembered(Names names, AlertClassifier model, long text) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Remembered r && r.names == names && r.model == model && r.text == text;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(names) * 31 + System.identityHashCode(model)) * 31 + Long.hashCode(text);
        }
    }

    /**
     * FNV-1a over what a reading reads: the name, summary, description, every label key and the values of the
     * labels a reading uses ({@link #UNREAD_VALUES}), each field closed by a separator.
     */
    static long fingerprint(AlertFacts alert) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, alert.name());
        h = fnv(h, alert.summary());
        h = fnv(h, alert.description());
        for (Map.Entry<String, String> label : alert.labels().entrySet()) { // sorted by key: AlertFacts keeps them so
            boolean read = !UNREAD_VALUES.contains(label.getKey().toLowerCase(Locale.ROOT));
            h = fnv(fnv(h, label.getKey()), read ? label.getValue() : null);
        }
        return h;
    }

    private static long fnv(long h, String s) {
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
        }
        return (h ^ 0xFFFF) * 0x100000001b3L;   // a char no text holds: "ab","c" differs from "a","bc"
    }

    /**
     * The sets of names read against lately, by content. An analysis reads against the catalog's names plus
     * its incident's own services, so the set differs between incidents whose services the catalog does not
     * know; one remembered set would be replaced at every such incident, and every reading made against it
     * forgotten with it.
     */
    private static final Map<Set<String>, Names> NAMES = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Set<String>, Names> eldest) {
            return size() > 64;
        }
    };

    private static final Map<Remembered, Reading> READINGS = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Remembered, Reading> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Reads one alert without remembering, with the given classifier (null: the keyword families alone);
     * for evaluations that compare the two.
     */
    public static Reading read(AlertFacts alert, Collection<String> names, AlertClassifier model) {
        return readAgainst(alert, new Names(Set.copyOf(names)), model);
    }

    private static Reading readAgainst(AlertFacts alert, Names names, AlertClassifier model) {
        String name = normalise(alert.name());
        StringBuilder rest = new StringBuilder();
        for (String part : new String[]{alert.summary(), alert.description()}) {
            if (part != null) {
                rest.append(' ').append(withoutNames(part, names));
            }
        }
        for (Map.Entry<String, String> label : alert.labels().entrySet()) {
            if (!IDENTITY_LABELS.contains(label.getKey().toLowerCase(Locale.ROOT))) {
                rest.append(' ').append(withoutNames(label.getValue(), names));
            }
        }
        String other = normalise(rest.toString());
        List<Hit> causes = new ArrayList<>(hits(name, true));
        for (Hit hit : hits(other, false)) {
            if (causes.stream().noneMatch(h -> h.family() == hit.family())) {
                causes.add(hit);
            }
        }
        Optional<AlertClassifier.Prediction> learned = Optional.empty();
        if (model != null) {
            AlertClassifier.Prediction p = learn(alert, names, model);
            learned = Optional.of(p);
            learnedHit(p, causes).ifPresent(causes::add);
        }
        // A sure learned reading that outranks the families comes first (see overrides); else most specific first.
        causes.sort(Comparator.comparingInt(h -> h.learned() && h.family().causeLike()
                && h.probability() >= LEARNED_OVERRIDES ? -1 : h.family().ordinal()));
        String all = name + " " + other;
        Matcher symptom = SYMPTOM.matcher(all);
        boolean falling = FALLING_LOAD.matcher(all).find();
        if (falling) {
            causes.removeIf(h -> h.family() == Family.CAPACITY && !h.learned() && LOAD.matcher(h.keyword()).matches());
        }
        boolean load = !falling && (LOAD.matcher(all).find() || CONNECTION_LIMIT.matcher(all).find());
        return new Reading(List.copyOf(causes), symptom.find() ? Optional.of(symptom.group(1)) : Optional.empty(),
                load, learned, abuse(all, alert.labels()), edge(name, alert.labels(), names));
    }

    /** Abuse wording, a request rate from few sources, or labels that count few sources or name one. */
    private static Optional<String> abuse(String text, Map<String, String> labels) {
        Matcher m = ABUSE.matcher(text);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        Matcher count = SOURCE_COUNT.matcher(text);
        while (count.find()) {
            if (few(count.group(1))) {
                return Optional.of(count.group(0));
            }
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey().toLowerCase(Locale.ROOT);
            if (PER_SOURCE_LABELS.contains(key)) {
                return Optional.of("per-source label " + key);
            }
            if (SOURCE_COUNT_LABEL.matcher(key).matches() && label.getValue().strip().matches("\\d{1,9}")
                    && few(label.getValue().strip())) {
                return Optional.of(key + "=" + label.getValue().strip());
            }
        }
        return Optional.empty();
    }

    private static boolean few(String digits) {
        try {
            int n = Integer.parseInt(digits);
            return n >= 1 && n <= FEW_SOURCES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether the alert's name or a label (not an identity label, service names removed) names an edge technology. */
    private static boolean edge(String name, Map<String, String> labels, Names names) {
        StringBuilder text = new StringBuilder(name);
        labels.forEach((k, v) -> {
            if (!IDENTITY_LABELS.contains(k.toLowerCase(Locale.ROOT))) {
                text.append(' ').append(normalise(k)).append(' ').append(normalise(withoutNames(v, names)));
            }
        });
        return EDGE.matcher(NOT_EDGE.matcher(text).replaceAll(" ")).find();
    }

    /** The classifier's reading of the alert: its name, its texts and label values without service names. */
    private static AlertClassifier.Prediction learn(AlertFacts alert, Names names, AlertClassifier model) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[]{alert.summary(), alert.description()}) {
            if (part != null) {
                text.append(' ').append(withoutNames(part, names));
            }
        }
        Map<String, String> labels = new java.util.TreeMap<>();
        alert.labels().forEach((k, v) -> labels.put(k, AlertTokens.IDENTITY_LABELS.contains(k.toLowerCase(Locale.ROOT))
                ? v : withoutNames(v, names)));
        return model.classify(alert.name(), text.toString(), labels, List.of());
    }

    /**
     * A learned hit where no keyword family names a cause (the families stay the precise layer), or where the
     * classifier is sure of another category than they name ({@link #overrides}): the predicted category's
     * family, when the classifier is confident; downstream-pointing wording counts like the downstream family,
     * and {@code unknown} wording adds nothing.
     */
    private static Optional<Hit> learnedHit(AlertClassifier.Prediction p, List<Hit> causes) {
        if (p.probability() < LEARNED_CONFIDENT || "unknown".equals(p.category())) {
            return Optional.empty();
        }
        Family family = familyOf(p.category());
        if (causes.stream().anyMatch(h -> h.family().causeLike()) && !overrides(p, family, causes)) {
            return Optional.empty();
        }
        if (family == Family.DEPENDENCY) {
            return causes.stream().anyMatch(h -> h.family() == Family.DEPENDENCY) ? Optional.empty()
                    : Optional.of(new Hit(family, Category.DEPENDENCY, p.explain(), false, p.probability(), true));
        }
        if (!p.causeLike()) {
            return Optional.empty();
        }
        return Optional.of(new Hit(family, family.category(), p.explain(), false, p.probability(), true));
    }

    /**
     * Whether a sure, cause-like reading of another category outranks the keyword families that matched: a family
     * matches a word without its context, and often the word names the component the fault is on rather than the
     * fault ("database size exceeds the quota", "Kafka partitions under-replicated"), which the labelling
     * guide and so the classifier put the other way (the fault named wins over the component). Not for the crash
     * and downstream families, not when a family of the predicted category matched too, and not over the external
     * family, which names whose fault it is (a provider's) rather than a component.
     */
    private static boolean overrides(AlertClassifier.Prediction p, Family family, List<Hit> causes) {
        return p.probability() >= LEARNED_OVERRIDES && p.causeLike() && family != Family.CRASH
                && family != Family.DEPENDENCY
                && causes.stream().noneMatch(h -> h.family() == family || h.family() == Family.EXTERNAL);
    }

    /** The keyword family of a classifier category ({@code crash} → CRASH). */
    static Family familyOf(String category) {
        if ("crash".equals(category)) {
            return Family.CRASH;
        }
        Category c = Category.fromWire(category);
        for (Family f : Family.values()) {
            if (f.category() == c) {
                return f;
            }
        }
        throw new IllegalArgumentException("no family for " + category);
    }

    /** The keyword families (and symptom, load) a text matches, each with the words that matched: features of the classifier. */
    static Map<String, String> families(String text) {
        String normalised = normalise(text);
        Map<String, String> found = new LinkedHashMap<>();
        hits(normalised, false).forEach(h -> found.put(h.family().name().toLowerCase(Locale.ROOT), h.keyword()));
        Matcher symptom = SYMPTOM.matcher(normalised);
        if (symptom.find()) {
            found.put("symptom", symptom.group(1));
        }
        Matcher load = LOAD.matcher(normalised);
        if (load.find()) {
            found.put("load", load.group(1));
        }
        return found;
    }

    private static List<Hit> hits(String normalised, boolean inName) {
        List<Hit> hits = new ArrayList<>();
        for (Family family : Family.values()) {
            Matcher m = family.pattern.matcher(normalised);
            if (m.find()) {
                hits.add(new Hit(family, family.category(), m.group(1), inName));
            }
        }
        return hits;
    }

    private static String withoutNames(String text, Names names) {
        String result = text;
        String lower = text.toLowerCase(Locale.ROOT);
        for (String[] n : names.lowered) {
            if (lower.contains(n[1])) {
                result = result.replaceAll("(?i)(?<![\\w-])" + Pattern.quote(n[0]) + "(?:-[a-z0-9]+)*(?![\\w-])", " ");
            }
        }
        return result;
    }

    /** An acronym written in mixed case ("DDoS", "DoS") stays one word rather than splitting as "d do s". */
    private static final Pattern MIXED_ACRONYM = Pattern.compile("(?<![A-Z])(D?DoS)(?![a-z])");
    /** A plural acronym ("IPs", "CPUs") stays one word rather than splitting as "I Ps". */
    private static final Pattern PLURAL_ACRONYM = Pattern.compile("(?<![A-Z])([A-Z]{2,})s\\b");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern ACRONYM_WORD = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Pattern SEPARATORS = Pattern.compile("[_\\-./:;,()\\[\\]'\"=]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Splits CamelCase and snake/kebab names into lower-case words: "HighOOMKills" → "high oom kills". */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String words = MIXED_ACRONYM.matcher(text).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
        words = PLURAL_ACRONYM.matcher(words).replaceAll("$1S");
        words = LOWER_UPPER.matcher(words).replaceAll("$1 $2");
        words = ACRONYM_WORD.matcher(words).replaceAll("$1 $2");
        words = SEPARATORS.matcher(words).replaceAll(" ");
        return SPACES.matcher(words.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }
}
