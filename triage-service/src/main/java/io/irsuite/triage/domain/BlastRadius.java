package io.irsuite.triage.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.irsuite.triage.domain.Numbers.fmt;

/**
 * Who is hit: the root and every service that transitively depends on it, with their catalog tier and
 * whether they alert, how many sit in each tier, and the worst user and revenue impact the incident's
 * alerts report.
 *
 * @param byTier             number of services per tier ("1" … "4", "unregistered")
 * @param usersAffectedPct   the highest share of users an alert reports affected, null when none says
 * @param revenuePerHour     the highest revenue impact an alert reports, null when none says
 * @param summary            one sentence for people
 */
public record BlastRadius(List<String> services, List<Impact> impact, Map<String, Integer> byTier,
                          Double usersAffectedPct, Double revenuePerHour, String summary) {

    /** One service in the blast radius. */
    public record Impact(String service, Integer tier, String kind, boolean alerting) {
    }

    public BlastRadius {
        services = List.copyOf(services);
        impact = List.copyOf(impact);
        byTier = Map.copyOf(byTier);
    }

    public static BlastRadius of(List<String> services, DependencyGraph graph, List<AlertFacts> alerts) {
        List<Impact> impact = services.stream().map(s -> new Impact(s, graph.tierOf(s).orElse(null),
                graph.kindOf(s).map(ServiceKind::wire).orElse(null),
                alerts.stream().anyMatch(a -> s.equals(a.service()) && a.firing()))).toList();
        Map<String, Integer> byTier = new TreeMap<>();
        impact.forEach(i -> byTier.merge(i.tier() == null ? "unregistered" : String.valueOf(i.tier()), 1, Integer::sum));
        Double users = alerts.stream().map(a -> a.metrics().usersAffectedPct()).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        Double revenue = alerts.stream().map(a -> a.metrics().revenueImpactPerHour()).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        StringBuilder summary = new StringBuilder();
        summary.append(services.size()).append(services.size() == 1 ? " service" : " services");
        Integer tier1 = byTier.get("1");
        if (tier1 != null) {
            summary.append(", ").append(tier1).append(" of them tier 1");
        }
        if (users != null) {
            summary.append("; up to ").append(fmt(users)).append("% of users affected");
        }
        if (revenue != null) {
            summary.append(users != null ? ", " : "; ").append(fmt(revenue)).append(" revenue per hour at risk");
        }
        return new BlastRadius(services, impact, byTier, users, revenue, summary.toString());
    }
}
