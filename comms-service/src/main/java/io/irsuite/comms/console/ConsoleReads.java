package io.irsuite.comms.console;

import io.irsuite.comms.console.ConsoleViews.Time;
import io.irsuite.comms.domain.ActionItem;
import io.irsuite.comms.domain.IncidentRole;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.Postmortem;
import io.irsuite.comms.domain.RemediationState;
import io.irsuite.comms.domain.StatusWords;
import io.irsuite.comms.domain.oncall.OnCallInputs;
import io.irsuite.comms.domain.paging.PageView;
import io.irsuite.comms.domain.paging.PagingTriggers;
import io.irsuite.comms.service.EscalationPolicyService;
import io.irsuite.comms.service.IncidentQueries;
import io.irsuite.comms.service.IncidentStateCodec;
import io.irsuite.comms.service.ActionItemService;
import io.irsuite.comms.service.IncidentRoleService;
import io.irsuite.comms.service.PagingService;
import io.irsuite.comms.service.RouteService;
import io.irsuite.events.Payloads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The console's reads of comms' incident projection: the list and counts in set-based SQL, who is on call for the
 * listed incidents, one incident as the postmortem draft reads it.
 */
@ApplicationScoped
public class ConsoleReads {

    /** The lifecycle statuses in the order of an incident's life, for the counts and the filter. */
    public static final List<String> STATUSES = List.of(StatusWords.OPEN, StatusWords.TRIAGED, StatusWords.MITIGATING,
            StatusWords.MONITORING, StatusWords.RESOLVED);
    public static final List<String> SEVERITIES = List.of("SEV1", "SEV2", "SEV3", "SEV4");
    /** An action item's priorities, as comms' API takes them. */
    public static final List<String> PRIORITIES = List.of("high", "medium", "low");
    /** The contract's root-cause categories, offered when confirming a root cause (triage checks them). */
    public static final List<String> CATEGORIES = List.of("deploy", "config", "resource_exhaustion", "database",
            "dependency", "network", "certificate", "capacity", "security", "external", "unknown");
    /** Rows the list shows at most: active ones first, then the most recently started. */
    static final int LIST_LIMIT = 200;

    private final Pool pool;
    private final IncidentStateCodec codec;
    private final IncidentQueries queries;
    private final PagingService paging;
    private final RouteService routes;
    private final EscalationPolicyService policies;
    private final IncidentRoleService roles;
    private final ActionItemService actionItems;

    public ConsoleReads(Pool pool, IncidentStateCodec codec, IncidentQueries queries, PagingService paging,
                        RouteService routes, EscalationPolicyService policies, IncidentRoleService roles,
                        ActionItemService actionItems) {
        this.pool = pool;
        this.routes = routes;
        this.policies = policies;
        this.paging = paging;
        this.codec = codec;
        this.queries = queries;
        this.roles = roles;
        this.actionItems = actionItems;
    }

    /** Incidents matching the filters (null for any), active first, newest first. */
    public Uni<List<IncidentState>> list(String status, String severity, String service) {
        return pool.preparedQuery(SELECT_VIEW + " WHERE ($1::text IS NULL OR coalesce(status, 'OPEN') = $1)"
                        + " AND ($2::text IS NULL OR severity = $2)"
                        + " AND ($3::text IS NULL OR details->'services' @> jsonb_build_array($3::text))"
                        + " ORDER BY coalesce(status, 'OPEN') = 'RESOLVED', started_at DESC NULLS LAST LIMIT " + LIST_LIMIT)
                .execute(Tuple.of(status, severity, service))
                .map(rows -> {
                    List<IncidentState> list = new ArrayList<>();
                    rows.forEach(row -> list.add(codec.toState(view(row))));
                    return list;
                });
    }

    /** How many incidents are in each status, under the severity and service filters (so the counts filter by status). */
    public Uni<Map<String, Long>> counts(String severity, String service) {
        return pool.preparedQuery("SELECT coalesce(status, 'OPEN') AS status, count(*) AS n FROM incident_view"
                        + " WHERE ($1::text IS NULL OR severity = $1)"
                        + " AND ($2::text IS NULL OR details->'services' @> jsonb_build_array($2::text))"
                        + " GROUP BY 1")
                .execute(Tuple.of(severity, service))
                .map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    STATUSES.forEach(s -> counts.put(s, 0L));
                    rows.forEach(row -> counts.merge(row.getString("status"), row.getLong("n"), Long::sum));
                    return counts;
                });
    }

    /**
     * Who is on call for each active incident now: the primary of its route's escalation policy (the first person
     * level 1 pages now), the route chosen as paging chooses it ({@link PagingService}: {@code security} for a
     * security root cause when that route exists, else the catalog owner of the root-cause or first service, else
     * {@code default}; an owner without a route falls back to {@code default}). Set-based: one query for the owners,
     * one for the routes, then each distinct policy once. Incidents whose route reaches nobody are left out.
     */
    public Uni<Map<UUID, String>> onCall(List<IncidentState> incidents, Instant now) {
        List<IncidentState> active = incidents.stream().filter(IncidentState::active).toList();
        if (active.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] services = active.stream().map(PagingTriggers::pagedService).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        return pool.preparedQuery("SELECT name, owner FROM catalog_service WHERE name = ANY($1) AND owner IS NOT NULL")
                .execute(Tuple.of(services))
                .chain(rows -> {
                    Map<String, String> catalogOwners = new HashMap<>();
                    rows.forEach(row -> catalogOwners.put(row.getString("name"), row.getString("owner")));
                    Map<UUID, String> owners = new HashMap<>();
                    active.forEach(s -> owners.put(s.id(), catalogOwners.getOrDefault(PagingTriggers.pagedService(s),
                            OnCallInputs.DEFAULT_ROUTE)));
                    Set<String> wanted = new HashSet<>(owners.values());
                    wanted.add(PagingService.SECURITY_OWNER);
                    return routes.routes(wanted).chain(byOwner -> {
                        RouteService.Route security = byOwner.get(PagingService.SECURITY_OWNER);
                        Map<UUID, String> policyOf = new HashMap<>();
                        for (IncidentState s : active) {
                            RouteService.Route route = security != null && !security.fallback()
                                    && PagingTriggers.securityRootCause(s) ? security : byOwner.get(owners.get(s.id()));
                            if (route != null) {
                                policyOf.put(s.id(), route.policy());
                            }
                        }
                        return primaries(Set.copyOf(policyOf.values()), now).map(primaries -> {
                            Map<UUID, String> onCall = new HashMap<>();
                            policyOf.forEach((id, policy) -> {
                                String user = primaries.get(policy);
                                if (user != null) {
                                    onCall.put(id, user);
                                }
                            });
                            return onCall;
                        });
                    });
                });
    }

    /** Each policy's primary on call now, one policy at a time; a policy that reaches nobody is left out. */
    private Uni<Map<String, String>> primaries(Set<String> names, Instant now) {
        Uni<Map<String, String>> chain = Uni.createFrom().item(new HashMap<>());
        for (String name : names) {
            chain = chain.chain(found -> policies.primary(name, now).map(user -> {
                user.ifPresent(u -> found.put(name, u));
                return found;
            }));
        }
        return chain;
    }

    /**
     * One incident with its timeline, pages, blast radius (with the catalog replica's edges), roles and action items;
     * empty when comms never heard of it.
     */
    public Uni<Optional<ConsoleViews.IncidentDetail>> detail(UUID id, Instant now) {
        return queries.draft(id).chain(draft -> {
            if (draft.isEmpty()) {
                return Uni.createFrom().item(Optional.<ConsoleViews.IncidentDetail>empty());
            }
            IncidentState s = draft.get().state();
            List<String> drawn = new ArrayList<>(s.blastRadius());
            if (s.rootCause() != null && s.rootCause().service() != null) {
                drawn.add(s.rootCause().service());
            }
            return paging.list(id).chain(pages -> dependencies(drawn).chain(edges -> roles.roles(id)
                    .chain(held -> actionItems.list(id, null, false).map(items -> Optional.of(detail(s,
                            draft.get().items(), pages, edges, held, items, now))))));
        });
    }

    /** What each of {@code services} depends on, from the catalog replica (tombstones and unknown services: nothing). */
    private Uni<Map<String, List<String>>> dependencies(List<String> services) {
        if (services.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT name, depends_on FROM catalog_service WHERE NOT deleted AND name = ANY($1)")
                .execute(Tuple.of(services.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<String>> edges = new HashMap<>();
                    rows.forEach(row -> edges.put(row.getString("name"), List.of(row.getArrayOfStrings("depends_on"))));
                    return edges;
                });
    }

    private static final String SELECT_VIEW = "SELECT incident_id, title, severity, status, started_at, detected_at,"
            + " acknowledged_at, mitigated_at, resolved_at, status_at, root_cause::text AS root_cause,"
            + " details::text AS details, updated_at FROM incident_view";

    private static IncidentView view(Row row) {
        IncidentView v = new IncidentView();
        v.incidentId = row.getUUID("incident_id");
        v.title = row.getString("title");
        v.severity = row.getString("severity");
        v.status = row.getString("status");
        v.startedAt = instant(row, "started_at");
        v.detectedAt = instant(row, "detected_at");
        v.acknowledgedAt = instant(row, "acknowledged_at");
        v.mitigatedAt = instant(row, "mitigated_at");
        v.resolvedAt = instant(row, "resolved_at");
        v.statusAt = instant(row, "status_at");
        v.rootCause = row.getString("root_cause");
        v.details = row.getString("details");
        return v;
    }

    private static Instant instant(Row row, String column) {
        var at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    private ConsoleViews.IncidentDetail detail(IncidentState s, List<Postmortem.TimelineItem> timeline, List<PageView> pages,
                                               Map<String, List<String>> dependsOn, List<IncidentRole> held,
                                               List<ActionItem> items, Instant now) {
        Payloads.IncidentTriaged triage = null;
        Map<String, ConsoleViews.Alert> alerts = new LinkedHashMap<>();
        List<ConsoleViews.TimelineItem> entries = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (Postmortem.TimelineItem e : timeline) {
            entries.add(new ConsoleViews.TimelineItem(Time.of(e.at()), e.type(), e.producer(), e.summary()));
            Record payload = e.payload();
            if (payload instanceof Payloads.IncidentTriaged t && (triage == null || t.version() >= triage.version())) {
                triage = t;
            } else if (payload instanceof Payloads.IncidentOpened p) {
                alert(alerts, p.alert(), null);
            } else if (payload instanceof Payloads.AlertAttached p) {
                p.alerts().forEach(a -> alert(alerts, a, null));
            } else if (payload instanceof Payloads.AlertResolved p) {
                alert(alerts, p.alert(), "resolved");
            }
        }
        Payloads.RootCause cause = s.rootCause();
        RemediationState r = s.remediation();
        return new ConsoleViews.IncidentDetail(s.id().toString(), s.displayTitle(), orDash(s.severity()),
                s.statusOrOpen(), s.active(), String.join(", ", s.services()), s.impact(), Time.of(s.startedAt()),
                Time.of(s.detectedAt()), Time.of(s.acknowledgedAt()), Time.of(s.mitigatedAt()), Time.of(s.resolvedAt()),
                s.startedAt() == null ? "" : ConsoleViews.age(Duration.between(s.startedAt(),
                        s.resolvedAt() != null ? s.resolvedAt() : now)),
                triage == null || triage.severityReasons() == null ? List.of() : triage.severityReasons(),
                cause == null ? null : new ConsoleViews.RootCause(cause.service(), cause.category(),
                        ConsoleViews.percent(cause.confidence()), cause.evidence() == null ? List.of() : cause.evidence()),
                triage == null || triage.candidates() == null ? List.of() : triage.candidates().stream()
                        .map(c -> new ConsoleViews.Candidate(c.service(), c.category(), ConsoleViews.percent(c.score())))
                        .toList(),
                s.actions().stream().map(a -> new ConsoleViews.Action(a.action(), a.target(),
                        ConsoleViews.percent(a.confidence()), a.autoEligible(), a.reason())).toList(),
                s.blastRadius().isEmpty() ? null : BlastRadiusGraph.of(s.blastRadius(), dependsOn,
                        cause == null ? null : cause.service()),
                r == null ? null : new ConsoleViews.Remediation(r.executionId() == null ? null : r.executionId().toString(),
                        r.describe(), r.status(), r.detail(),
                        RemediationState.PENDING_APPROVAL.equals(r.status()) && r.executionId() != null),
                List.copyOf(alerts.values()), pages.stream().map(p -> new ConsoleViews.Page(p.user(), p.level(),
                        p.channel(), Time.of(p.sentAt()), p.status(), Time.of(p.acknowledgedAt()), p.acknowledgedBy()))
                        .toList(), entries,
                held.stream().map(h -> new ConsoleViews.Role(h.role, IncidentRole.words(h.role), h.user, h.assignedBy,
                        Time.of(h.assignedAt))).toList(),
                items.stream().map(a -> new ConsoleViews.ActionItem(a.id.toString(), a.title, a.owner, a.priority,
                        a.dueDate.toString(), a.status, a.overdue(today), ActionItem.OPEN.equals(a.status), a.createdBy))
                        .toList(),
                new ConsoleViews.Choices(IncidentRole.ROLES.stream().map(role -> new ConsoleViews.Option(role,
                        IncidentRole.words(role), false)).toList(),
                        PRIORITIES.stream().map(p -> new ConsoleViews.Option(p, p, "medium".equals(p))).toList(),
                        CATEGORIES.stream().map(c -> new ConsoleViews.Option(c, c, cause != null
                                && c.equals(cause.category()))).toList()));
    }

    /** Alerts by id (else fingerprint); a later event about the same alert replaces the earlier one. */
    private static void alert(Map<String, ConsoleViews.Alert> alerts, Payloads.Alert a, String status) {
        if (a == null) {
            return;
        }
        String key = a.alertId() != null ? a.alertId().toString() : String.valueOf(a.fingerprint());
        alerts.put(key, new ConsoleViews.Alert(a.name(), a.service(), a.severity(),
                status != null ? status : a.status() == null ? "firing" : a.status(), a.summary(), Time.of(a.startsAt())));
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }
}
