package io.irsuite.detection.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relation "one depends on the other within n hops" on small hand-made graphs. */
class ServiceGraphTest {

    /** web → api → svc → db (a chain). */
    private static final ServiceGraph CHAIN = new ServiceGraph(Map.of(
            "web", List.of("api"), "api", List.of("svc"), "svc", List.of("db"), "db", List.of()));

    /** top → left, right; left → bottom; right → bottom (a diamond). */
    private static final ServiceGraph DIAMOND = new ServiceGraph(Map.of(
            "top", List.of("left", "right"), "left", List.of("bottom"), "right", List.of("bottom"),
            "bottom", List.of()));

    /** a → b → c → a (a cycle) and c → d. */
    private static final ServiceGraph CYCLE = new ServiceGraph(Map.of(
            "a", List.of("b"), "b", List.of("c"), "c", List.of("a", "d"), "d", List.of()));

    /** from, to, maxHops, expected relation ("-": none) */
    @ParameterizedTest
    @CsvSource({
            "web,api,2,web depends on api (1 hop)",
            "api,web,2,web depends on api (1 hop)",
            "web,svc,2,web depends on svc (2 hops)",
            "svc,web,2,web depends on svc (2 hops)",
            "web,db,2,-",
            "web,db,3,web depends on db (3 hops)",
            "db,web,3,web depends on db (3 hops)",
            "web,web,0,same service web (0 hops)",
            "web,api,0,-"})
    void chainRelatesUpAndDownWithinTheHopLimit(String from, String to, int maxHops, String expected) {
        assertEquals(expected, describe(CHAIN.relation(from, to, maxHops)));
    }

    @ParameterizedTest
    @CsvSource({
            "top,bottom,2,top depends on bottom (2 hops)",
            "bottom,top,2,top depends on bottom (2 hops)",
            "left,bottom,1,left depends on bottom (1 hop)",
            "top,bottom,1,-",
            // siblings: they share a caller and a dependency, but neither depends on the other
            "left,right,5,-",
            "right,left,5,-"})
    void diamondDoesNotRelateSiblings(String from, String to, int maxHops, String expected) {
        assertEquals(expected, describe(DIAMOND.relation(from, to, maxHops)));
    }

    @Test
    void siblingsUnderOneCallerAreNotRelatedEvenAtOneHopUndirected() {
        ServiceGraph g = new ServiceGraph(Map.of("caller", List.of("x", "y"), "x", List.of(), "y", List.of(),
                "lib", List.of(), "p", List.of("lib"), "q", List.of("lib")));
        assertTrue(g.relation("x", "y", 10).isEmpty());
        assertTrue(g.relation("p", "q", 10).isEmpty());
        assertEquals("caller depends on x (1 hop)", describe(g.relation("x", "caller", 1)));
    }

    @ParameterizedTest
    @CsvSource({
            "a,b,5,a depends on b (1 hop)",
            // b → c → a is 2 hops, a → b is 1: the shorter direction wins
            "b,a,5,a depends on b (1 hop)",
            "a,d,2,-",
            "a,d,3,a depends on d (3 hops)",
            "d,a,3,a depends on d (3 hops)"})
    void cyclesTerminateAndTakeTheShortestDirection(String from, String to, int maxHops, String expected) {
        assertEquals(expected, describe(CYCLE.relation(from, to, maxHops)));
    }

    @Test
    void unknownServicesAreRelatedOnlyToThemselves() {
        ServiceGraph g = new ServiceGraph(Map.of("web", List.of("ghost", "api"), "api", List.of()));
        assertFalse(g.contains("ghost"));
        // a dependency named but never registered is not a node
        assertTrue(g.relation("web", "ghost", 5).isEmpty());
        assertTrue(g.relation("ghost", "web", 5).isEmpty());
        assertTrue(g.relation("stranger", "api", 5).isEmpty());
        assertEquals("same service ghost (0 hops)", describe(g.relation("ghost", "ghost", 5)));
        assertEquals(Set.of("stranger"), g.neighbourhood("stranger", 3));
        assertTrue(ServiceGraph.empty().relation("a", "b", 9).isEmpty());
    }

    @Test
    void hopsDownFollowsTheDependencyDirectionOnly() {
        assertEquals(OptionalInt.of(3), CHAIN.hopsDown("web", "db", 3));
        assertEquals(OptionalInt.empty(), CHAIN.hopsDown("db", "web", 3));
        assertEquals(OptionalInt.of(0), CHAIN.hopsDown("db", "db", 0));
        assertTrue(CHAIN.dependsOn("web", "db"));
        assertFalse(CHAIN.dependsOn("db", "web"));
        assertFalse(CHAIN.dependsOn("db", "db"));
    }

    @Test
    void neighbourhoodIsEveryServiceUpOrDownWithinTheLimit() {
        assertEquals(Set.of("api", "svc", "db", "web"), CHAIN.neighbourhood("svc", 2));
        assertEquals(Set.of("api", "svc", "db"), CHAIN.neighbourhood("svc", 1));
        assertEquals(Set.of("left", "top", "bottom"), DIAMOND.neighbourhood("left", 5));
        assertEquals(Set.of("svc"), CHAIN.neighbourhood("svc", 0));
    }

    @Test
    void deepestAreTheMembersThatDependOnNoOtherMember() {
        assertEquals(Set.of("db"), CHAIN.deepest(List.of("web", "api", "db")));
        assertEquals(Set.of("left", "right"), DIAMOND.deepest(List.of("top", "left", "right")));
        assertEquals(Set.of("bottom"), DIAMOND.deepest(List.of("top", "left", "right", "bottom")));
        // one cycle is one level; an unknown member stands alone
        assertEquals(Set.of("a", "b"), CYCLE.deepest(List.of("a", "b")));
        assertEquals(Set.of("d", "ghost"), CYCLE.deepest(List.of("a", "d", "ghost")));
    }

    private static String describe(Optional<ServiceGraph.Relation> relation) {
        return relation.map(ServiceGraph.Relation::describe).orElse("-");
    }
}
