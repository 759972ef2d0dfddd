package io.irsuite.detection.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * The label set matchers see: the alert's own labels plus {@code service}, {@code alertname},
 * {@code source} and {@code severity} (the normalised {@code SEV1}..{@code SEV4}), which win over
 * labels of the same name.
 */
public final class AlertLabels {

    private AlertLabels() {
    }

    public static Map<String, String> of(NormalizedAlert a) {
        return of(a.labels(), a.service(), a.name(), a.source(), a.severity());
    }

    public static Map<String, String> of(Map<String, String> labels, String service, String alertname, String source,
                                         Severity severity) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("service", service);
        all.put("alertname", alertname);
        all.put("source", source);
        all.put("severity", severity.name());
        return all;
    }
}
