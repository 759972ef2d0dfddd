package io.irsuite.detection.domain;

import io.irsuite.detection.domain.GroupingRules.Evidence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Late roots and late symptoms over {@link OpenIncidents} as the grouping worker applies it (open, attach,
 * merge), on a small hand-made graph, window 10 minutes, 2 hops.
 */
class LateAlertGroupingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    /**
     * gateway → frontend → orders → orders-db; frontend → search; orders → cache → cache-disk;
     * billing → billing-db (apart).
     */
    private static final ServiceGraph SHOP = new ServiceGraph(Map.of(
            "gateway", List.of("frontend"),
            "frontend", List.of("orders", "search"),
            "orders", List.of("orders-db", "cache"),
            "cache", List.of("cache-disk"),
            "orders-db", List.of(), "search", List.of(), "cache-disk", List.of(),
            "billing", List.of("billing-db"), "billing-db", List.of()));

    /** Open incidents of the scenario so far; each {@link #fire} is one grouping run, as the worker's. */
    private final List<Incident> incidents = new ArrayList<>();

    @Test
    void aRootArrivingAfterItsSymptomsJoinsThemEvenWhenTheyStartedLongBefore() {
        // the symptoms had fired for 5 minutes when sent; the root's rule fires 7 minutes later
        Incident first = fire("frontend", Evidence.IMPACT, -300, 0);
        assertSame(first, fire("orders", Evidence.IMPACT, -240, 30));
        assertSame(first, fire("orders-db", Evidence.WARNING, 400, 420), "the root joins its symptoms");
        assertEquals(List.of("frontend", "orders", "orders-db"), List.of(first.services));
    }

    @Test
    void aLateSymptomJoinsTheRootsIncidentAtOneAndTwoHops() {
        Incident root = fire("orders-db", Evidence.IMPACT, -300, 0);
        assertSame(root, fire("orders", Evidence.IMPACT, 480, 500), "one hop up, 13 minutes after the root started");
        assertSame(root, fire("gateway", Evidence.IMPACT, 900, 950), "two hops above orders, 7.5 minutes after it");
    }

    @Test
    void aLateSymptomTwoHopsUpJoinsAnImpactfulRoot() {
        Incident root = fire("orders-db", Evidence.IMPACT, -60, 0);
        assertSame(root, fire("frontend", Evidence.WARNING, 500, 540));
    }

    @Test
    void aMiddleServiceLinksASymptomThatCameFirstToTheRootBelowIt() {
        Incident root = fire("orders-db", Evidence.IMPACT, 0, 0);
        Incident gateway = fire("gateway", Evidence.IMPACT, 10, 20);
        assertNotEquals(root, gateway, "three hops above the root: apart until something between fires");
        Incident joined = fire("frontend", Evidence.IMPACT, 30, 40);
        assertSame(root, joined, "the oldest survives");
        assertTrue(gateway.isResolved());
        assertEquals(root.id, gateway.mergedInto);
        assertEquals(List.of("frontend", "gateway", "orders-db"), List.of(root.services));
    }

    @Test
    void anUnrelatedAlertAtTheSameTimeOpensItsOwnIncident() {
        Incident root = fire("orders-db", Evidence.IMPACT, 0, 0);
        fire("orders", Evidence.IMPACT, 10, 20);
        Incident other = fire("billing-db", Evidence.IMPACT, 15, 25);
        assertNotEquals(root, other);
        assertSame(other, fire("billing", Evidence.IMPACT, 20, 30));
        assertEquals(List.of("orders", "orders-db"), List.of(root.services));
    }

    @Test
    void siblingsOfTheFailureDoNotJoin() {
        Incident root = fire("orders-db", Evidence.IMPACT, 0, 0);
        fire("orders", Evidence.IMPACT, 10, 20);
        fire("frontend", Evidence.IMPACT, 20, 30);
        assertNotEquals(root, fire("search", Evidence.WARNING, 40, 50), "a dependency of a symptom, not below the root");
        assertNotEquals(root, fire("cache", Evidence.WARNING, 50, 60), "a dependency of a symptom, beside the root");
    }

    @Test
    void aWarningTwoHopsBelowTheSymptomsIsNoDeeperCauseButAFailureIs() {
        Incident symptoms = fire("orders", Evidence.IMPACT, 0, 0);
        assertNotEquals(symptoms, fire("cache-disk", Evidence.WARNING, 30, 40), "a disk warning two hops below");
        LateAlertGroupingTest fresh = new LateAlertGroupingTest();
        Incident s = fresh.fire("orders", Evidence.IMPACT, 0, 0);
        assertSame(s, fresh.fire("cache-disk", Evidence.IMPACT, 30, 40), "a failing disk two hops below");
    }

    @Test
    void anIncidentQuietForLongerThanTheWindowTakesNothing() {
        Incident root = fire("orders-db", Evidence.IMPACT, 0, 0);
        assertNotEquals(root, fire("orders", Evidence.IMPACT, 700, 720), "its last alert came 11 minutes before");
    }

    @Test
    void aLateAlertAfterTheIncidentResolvedOpensANewOne() {
        Incident root = fire("orders-db", Evidence.IMPACT, 0, 0);
        fire("orders", Evidence.IMPACT, 10, 20);
        root.moveTo(IncidentStatus.RESOLVED, "every alert resolved", T0.plusSeconds(200));
        // a new alert never reopens: only the same alert firing again does (IncidentLifecycle.reopens)
        Incident late = fire("frontend", Evidence.IMPACT, 230, 240);
        assertNotEquals(root, late);
        assertTrue(IncidentLifecycle.reopens(root.status, root.resolvedAt, false, T0.plusSeconds(240),
                Duration.ofMinutes(30)));
    }

    /** One firing alert on {@code service}, started and grouped at these seconds after T0; its incident. */
    private Incident fire(String service, Evidence evidence, int startsAt, int now) {
        Instant at = T0.plusSeconds(now);
        NormalizedAlert alert = new NormalizedAlert(service + "-" + incidents.size(), "test", service, "Alert",
                AlertStatus.FIRING, evidence == Evidence.IMPACT ? Severity.SEV1 : Severity.SEV3, null, null,
                new TreeMap<>(), T0.plusSeconds(startsAt), null, null, null, null, null);
        OpenIncidents run = new OpenIncidents(SHOP, 2, WINDOW, incidents.stream().filter(i -> !i.isResolved()).toList());
        OpenIncidents.Choice c = run.decide(service, evidence, alert.startsAt());
        Incident target;
        if (c.opensIncident()) {
            target = Incident.open(alert, at);
            incidents.add(target);
        } else {
            target = c.target();
            for (Incident m : c.merged()) {
                target.absorb(m, at);
                m.moveTo(IncidentStatus.RESOLVED, "merged into " + target.id, at);
            }
            target.attach(alert, at);
        }
        run.joined(target, evidence);
        return target;
    }
}
