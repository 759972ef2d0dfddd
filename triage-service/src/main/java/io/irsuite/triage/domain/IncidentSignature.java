package io.irsuite.triage.domain;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What an incident's alerts say, as a set of tokens that can be compared across incidents: the
 * alerting services, the alert names, and the keyword families their texts read as. Two incidents
 * are as similar as the Jaccard index of their signatures.
 */
public final class IncidentSignature {

    private IncidentSignature() {
    }

    public static Set<String> of(List<AlertFacts> alerts, Collection<String> serviceNames) {
        return of(alerts, AlertText.reader(serviceNames));
    }

    /** The signature, reading each alert with {@code reader} (to reuse readings already made). */
    static Set<String> of(List<AlertFacts> alerts, Function<AlertFacts, AlertText.Reading> reader) {
        Set<String> tokens = new TreeSet<>();
        for (AlertFacts a : alerts) {
            if (a.service() != null && !a.service().isBlank()) {
                tokens.add("service:" + a.service());
            }
            if (a.name() != null && !a.name().isBlank()) {
                tokens.add("alert:" + a.name().toLowerCase(Locale.ROOT));
            }
            AlertText.Reading reading = reader.apply(a);
            reading.causes().forEach(h -> tokens.add("reads:" + h.family().name().toLowerCase(Locale.ROOT)));
            reading.symptom().ifPresent(s -> tokens.add("symptom:" + s.toLowerCase(Locale.ROOT)));
        }
        return tokens;
    }

    /** |a ∩ b| / |a ∪ b|, 0 when both are empty. */
    public static double similarity(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        long common = a.stream().filter(b::contains).count();
        return (double) common / (a.size() + b.size() - common);
    }
}
