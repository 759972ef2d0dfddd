package io.irsuite.triage.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled corpus of real alert rules kept in {@code src/main/resources/alert-corpus} (one TSV per
 * source, described in its SOURCES.md): what the alert-text classifier learns from and is evaluated on.
 */
public final class AlertCorpus {

    /** The corpus's sources, one TSV each (a jar cannot be listed; AlertCorpusTest keeps this in step). */
    public static final List<String> SOURCES = List.of("awesome-prometheus-alerts", "azure-monitor-baseline-alerts",
            "datadog-integrations-extras", "etcd-mixin", "google-cloud-monitoring-samples", "grafana-jsonnet-libs", "kube-prometheus", "kubernetes-mixin", "node-mixin",
            "prometheus-mixins");

    static final String HEADER = "name\tsummary\tlabels\tmetric\tcategory\trole\torigin";

    /**
     * One labelled rule.
     *
     * @param category a {@link Category} wire name, or {@code crash} (a cause-like fault of the service's own
     *                 process that names no category)
     * @param cause    labelled cause-like (true) or symptom-like (false)
     */
    public record Rule(String source, String name, String summary, Map<String, String> labels, List<String> metrics,
                       String category, boolean cause, String origin) {
    }

    private AlertCorpus() {
    }

    /** Every rule of every source, in file order. */
    public static List<Rule> load() {
        List<Rule> rules = new ArrayList<>();
        for (String source : SOURCES) {
            rules.addAll(load(source));
        }
        return rules;
    }

    /** The rules of one source. */
    public static List<Rule> load(String source) {
        String resource = "/alert-corpus/" + source + ".tsv";
        try (InputStream in = AlertCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus source " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalStateException(resource + ": unexpected header " + header);
            }
            List<Rule> rules = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    throw new IllegalStateException(resource + ": a row of " + f.length + " fields: " + line);
                }
                rules.add(new Rule(source, f[0], f[1], labels(f[2]), metrics(f[3]), f[4], "cause".equals(f[5]), f[6]));
            }
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> labels(String field) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : field.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return labels;
    }

    private static List<String> metrics(String field) {
        return field.isBlank() ? List.of() : Arrays.stream(field.split(",")).map(String::trim)
                .filter(m -> !m.isEmpty()).toList();
    }
}
