package io.irsuite.detection.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Topology-aware grouping: which open incident a new firing alert belongs to, and which open
 * incidents it shows to be one failure. Pure: the caller supplies the catalog graph and the open
 * incidents within the grouping window.
 *
 * <p>A new alert on service X relates to an open incident in one of three ways:
 * <ol>
 *   <li><b>same service</b>: X is already one of the incident's services (0 hops);</li>
 *   <li><b>deeper cause</b>: one of the incident's deepest services (those depending on no other
 *       service of the incident, its current cause hypothesis) depends on X within {@code maxHops}:
 *       X may be what the incident's alerts are symptoms of. A dependency of a caller that is not
 *       below the deepest services is a sibling of the failure and does not count, and neither does
 *       a purely informational alert (no impact, severity info): it is no failure to be a cause;</li>
 *   <li><b>symptom</b>: X depends on one of the incident's services within the incident's reach,
 *       which is {@code maxHops} when the incident shows impact, 1 hop when its worst alert is a
 *       warning without impact, and 0 for purely informational alerts (an expiring certificate
 *       or a slow cron job does not make its callers fail).</li>
 * </ol>
 * Same-service and deeper-cause incidents are one failure: the alert joins the oldest and the
 * others are merged into it. A symptom explains nothing about the incidents below it, so it only
 * joins one (fewest hops, then most related services, then the most recently detected) and merges
 * nothing: a caller of two independently failing services must not glue them together.
 */
public final class GroupingRules {

    private GroupingRules() {
    }

    /** How strongly an incident's alerts show a failure: decides how far up its symptoms are looked for. */
    public enum Evidence {
        /** Only informational alerts without impact. */
        INFO,
        /** A warning, but no sign of impact. */
        WARNING,
        /** A high or critical alert, or metrics showing users, errors, latency or an SLA hurt. */
        IMPACT;

        /** The evidence of one alert from its severity and metrics (each metric may be null). */
        public static Evidence of(Severity severity, Double errorRate, Double usersAffectedPct, Double latencyP95Ms,
                                  Double baselineP95Ms, Boolean slaBreach, Boolean dataLoss, Boolean securityBreach) {
            boolean impact = severity == Severity.SEV1 || severity == Severity.SEV2
                    || errorRate != null && errorRate >= 0.01
                    || usersAffectedPct != null && usersAffectedPct > 0
                    || latencyP95Ms != null && baselineP95Ms != null && baselineP95Ms > 0
                    && latencyP95Ms >= 2 * baselineP95Ms
                    || Boolean.TRUE.equals(slaBreach) || Boolean.TRUE.equals(dataLoss)
                    || Boolean.TRUE.equals(securityBreach);
            if (impact) {
                return IMPACT;
            }
            return severity == Severity.SEV4 ? INFO : WARNING;
        }

        public Evidence max(Evidence other) {
            return other != null && other.ordinal() > ordinal() ? other : this;
        }

        /** How many hops above the incident's services a caller's alert still counts as a symptom. */
        public int symptomReach(int maxHops) {
            return switch (this) {
                case IMPACT -> maxHops;
                case WARNING -> Math.min(1, maxHops);
                case INFO -> 0;
            };
        }
    }

    /** An open incident within the grouping window. */
    public record Candidate(UUID id, Instant startedAt, Instant detectedAt, Set<String> services, Evidence evidence) {
    }

    /** How the alert relates to one candidate. */
    public enum Kind { SAME_SERVICE, CAUSE, SYMPTOM }

    /** One candidate the alert is related to, and why. */
    public record Link(Candidate incident, Kind kind, ServiceGraph.Relation relation, int relatedServices) {
    }

    /**
     * The outcome: join {@code target} (null: open a new incident), merge {@code merged} into it,
     * and the human-readable {@code reason}.
     */
    public record Decision(Link target, List<Link> merged, String reason) {

        public boolean opensIncident() {
            return target == null;
        }
    }

    /**
     * Decides for a firing alert on {@code service} whose own evidence is {@code alert};
     * {@code open} are the candidates in the window.
     */
    public static Decision decide(ServiceGraph graph, String service, Evidence alert, List<Candidate> open,
                                  int maxHops) {
        int hops = Math.max(0, maxHops);
        List<Link> oneFailure = new ArrayList<>();
        List<Link> symptomOf = new ArrayList<>();
        for (Candidate c : open) {
            link(graph, service, alert, c, hops).ifPresent(l -> (l.kind() == Kind.SYMPTOM ? symptomOf : oneFailure).add(l));
        }
        symptomOf.sort(Comparator.comparingInt((Link l) -> l.relation().hops())
                .thenComparing(Comparator.comparingInt(Link::relatedServices).reversed())
                .thenComparing(Comparator.comparing((Link l) -> l.incident().detectedAt()).reversed())
                .thenComparing(l -> l.incident().id()));
        if (!oneFailure.isEmpty()) {
            // a cause of some incidents that is also a symptom of another is the link between them:
            // callers above it, the failure below it, one chain (a late middle service, a late root's symptom)
            List<Link> all = new ArrayList<>(oneFailure);
            if (!symptomOf.isEmpty() && alert == Evidence.IMPACT) {
                all.add(symptomOf.get(0));
            }
            all.sort(Comparator.comparing((Link l) -> l.incident().startedAt())
                    .thenComparing(l -> l.incident().detectedAt())
                    .thenComparing(l -> l.incident().id()));
            Link target = all.get(0);
            List<Link> merged = List.copyOf(all.subList(1, all.size()));
            StringBuilder reason = new StringBuilder(target.relation().describe());
            for (Link m : merged) {
                reason.append("; merged incident ").append(m.incident().id()).append(" (")
                        .append(m.relation().describe()).append(')');
            }
            return new Decision(target, merged, reason.toString());
        }
        if (!symptomOf.isEmpty()) {
            Link target = symptomOf.get(0);
            return new Decision(target, List.of(), target.relation().describe());
        }
        String why = graph.contains(service)
                ? "no open incident is related to " + service + " within " + hops + (hops == 1 ? " hop" : " hops")
                : service + " is not in the service catalog and no open incident has it";
        return new Decision(null, List.of(), why);
    }

    /**
     * The candidates an alert on {@code service} is the same failure as (same service, or a deeper cause):
     * what an inhibited alert, which joins its inhibitor's incident whatever else it relates to, still
     * merges into it.
     */
    public static List<Link> sameFailure(ServiceGraph graph, String service, Evidence alert, List<Candidate> open,
                                         int maxHops) {
        List<Link> out = new ArrayList<>();
        for (Candidate c : open) {
            link(graph, service, alert, c, Math.max(0, maxHops)).filter(l -> l.kind() != Kind.SYMPTOM).ifPresent(out::add);
        }
        return out;
    }

    /** How {@code service} relates to one incident, if at all (the strongest way). */
    static Optional<Link> link(ServiceGraph graph, String service, Evidence alert, Candidate c, int maxHops) {
        if (c.services().contains(service)) {
            return Optional.of(new Link(c, Kind.SAME_SERVICE, new ServiceGraph.Relation(service, service, 0), 1));
        }
        if (!graph.contains(service)) {
            return Optional.empty();
        }
        ServiceGraph.Relation cause = null;
        for (String deepest : alert == Evidence.INFO ? Set.<String>of() : graph.deepest(c.services())) {
            OptionalInt h = graph.hopsDown(deepest, service, alert.symptomReach(maxHops));
            if (h.isPresent() && (cause == null || h.getAsInt() < cause.hops())) {
                cause = new ServiceGraph.Relation(deepest, service, h.getAsInt());
            }
        }
        if (cause != null) {
            return Optional.of(new Link(c, Kind.CAUSE, cause, 1));
        }
        int reach = (c.evidence() == null ? Evidence.IMPACT : c.evidence()).symptomReach(maxHops);
        ServiceGraph.Relation symptom = null;
        int related = 0;
        for (String member : c.services()) {
            OptionalInt h = graph.hopsDown(service, member, reach);
            if (h.isPresent() && h.getAsInt() > 0) {
                related++;
                if (symptom == null || h.getAsInt() < symptom.hops()
                        || h.getAsInt() == symptom.hops() && member.compareTo(symptom.downstream()) < 0) {
                    symptom = new ServiceGraph.Relation(service, member, h.getAsInt());
                }
            }
        }
        return symptom == null ? Optional.empty() : Optional.of(new Link(c, Kind.SYMPTOM, symptom, related));
    }
}
