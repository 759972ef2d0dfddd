package io.irsuite.comms.console;

import io.irsuite.comms.console.BlastRadiusGraph.Way;
import io.irsuite.comms.console.ConsoleViews.Graph;
import io.irsuite.comms.console.ConsoleViews.GraphBox;
import io.irsuite.comms.console.ConsoleViews.GraphDrawing;
import io.irsuite.comms.console.ConsoleViews.GraphEdge;
import io.irsuite.comms.console.ConsoleViews.GraphNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.irsuite.comms.console.BlastRadiusGraph.ACROSS;
import static io.irsuite.comms.console.BlastRadiusGraph.DOWN;
import static io.irsuite.comms.console.BlastRadiusGraph.PAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blast radius' layout: layers by dependency depth, edges inside the blast radius only, cycles, long names. */
class BlastRadiusGraphTest {

    @Test
    void aChainRunsLeftToRightOrTopDownTowardsTheRootCause() {
        Graph g = BlastRadiusGraph.of(List.of("payments-db", "checkout", "frontend"), Map.of(
                "frontend", List.of("checkout"), "checkout", List.of("payments-db", "auth", "checkout")), "payments-db");
        assertEquals(List.of("payments-db", "checkout", "frontend"), g.services().stream().map(GraphNode::name).toList());
        assertEquals(List.of(true, false, false), g.services().stream().map(GraphNode::root).toList());
        // auth is not in the blast radius, and a service never depends on itself
        assertEquals("payments-db", g.services().get(1).dependsOn());
        assertEquals("Blast radius: 3 services, root cause payments-db", g.title());
        assertEquals("checkout depends on payments-db. frontend depends on checkout. An arrow points from a service to "
                + "what it depends on.", g.description());

        GraphDrawing across = drawing(g, ACROSS);
        int column = ACROSS.boxWidth() + ACROSS.layerGap();
        assertEquals(List.of(PAD, PAD + column, PAD + 2 * column), xs(across, "frontend", "checkout", "payments-db"));
        assertEquals(List.of(PAD, PAD, PAD), ys(across, "frontend", "checkout", "payments-db"));
        assertTrue(box(across, "payments-db").root());
        assertFalse(box(across, "checkout").root());
        assertEquals(List.of("checkout>payments-db", "frontend>checkout"), edges(across));
        assertEquals(2 * PAD + 3 * ACROSS.boxWidth() + 2 * ACROSS.layerGap(), across.width());
        assertEquals(2 * PAD + ACROSS.boxHeight(), across.height());
        // from the right side of checkout to the left side of payments-db
        assertEquals("M" + (PAD + column + ACROSS.boxWidth()) + " " + (PAD + ACROSS.boxHeight() / 2) + " C",
                edge(across, "checkout").path().substring(0, edge(across, "checkout").path().indexOf('C') + 1));

        GraphDrawing down = drawing(g, DOWN);
        int row = DOWN.boxHeight() + DOWN.layerGap();
        assertEquals(List.of(PAD, PAD + row, PAD + 2 * row), ys(down, "frontend", "checkout", "payments-db"));
        assertEquals(2 * PAD + DOWN.boxWidth(), down.width());
        assertEquals(2 * PAD + 3 * DOWN.boxHeight() + 2 * DOWN.layerGap(), down.height());
    }

    @Test
    void aDiamondStacksItsMiddleAndCentresTheShorterLayers() {
        Graph g = BlastRadiusGraph.of(List.of("web", "cart", "search", "db"), Map.of("web", List.of("cart", "search"),
                "cart", List.of("db"), "search", List.of("db")), "db");
        GraphDrawing across = drawing(g, ACROSS);
        int step = ACROSS.boxHeight() + ACROSS.siblingGap();
        assertEquals(List.of(PAD + step / 2, PAD, PAD + step, PAD + step / 2), ys(across, "web", "cart", "search", "db"));
        assertEquals(4, across.edges().size());
        GraphDrawing down = drawing(g, DOWN);
        int aside = DOWN.boxWidth() + DOWN.siblingGap();
        assertEquals(List.of(PAD + aside / 2, PAD, PAD + aside, PAD + aside / 2), xs(down, "web", "cart", "search", "db"));
        assertEquals(2 * PAD + 2 * DOWN.boxWidth() + DOWN.siblingGap(), down.width());
    }

    @Test
    void anEdgeClosingACyclePointsBackAndEndsTheLayering() {
        Graph g = BlastRadiusGraph.of(List.of("a", "b", "c"), Map.of("a", List.of("b"), "b", List.of("c"),
                "c", List.of("a")), null);
        GraphDrawing across = drawing(g, ACROSS);
        int column = ACROSS.boxWidth() + ACROSS.layerGap();
        assertEquals(List.of(PAD, PAD + column, PAD + 2 * column), xs(across, "a", "b", "c"));
        assertEquals(3, across.edges().size());
        // from the left side of c back to the right side of a, off the middle
        int y = PAD + ACROSS.boxHeight() / 2 + BlastRadiusGraph.BACK_OFFSET;
        String back = edge(across, "c").path();
        assertTrue(back.startsWith("M" + (PAD + 2 * column) + " " + y + " C"), back);
        assertTrue(back.endsWith(" " + (PAD + ACROSS.boxWidth()) + " " + y), back);
        assertEquals(2 * PAD + ACROSS.boxHeight(), across.height());
        assertEquals("Blast radius: 3 services", g.title());
    }

    @Test
    void theRootCauseIsAddedWhenTriageLeftItOutAndLongNamesAreCut() {
        String longName = "an-extremely-long-service-name-for-a-box";
        Graph g = BlastRadiusGraph.of(List.of(longName), Map.of(), "db");
        assertEquals(List.of(longName, "db"), g.services().stream().map(GraphNode::name).toList());
        assertEquals(longName.substring(0, ACROSS.labelChars() - 1) + "…", box(drawing(g, ACROSS), longName).label());
        assertEquals(longName.substring(0, DOWN.labelChars() - 1) + "…", box(drawing(g, DOWN), longName).label());
        assertEquals("db", box(drawing(g, ACROSS), "db").label());
        assertEquals(xs(drawing(g, ACROSS), longName).get(0), xs(drawing(g, ACROSS), "db").get(0),
                "no dependency known: one layer");
        assertEquals("The catalog knows no dependency between these services. An arrow points from a service to what it"
                + " depends on.", g.description());
    }

    private static GraphDrawing drawing(Graph g, Way way) {
        return g.drawings().stream().filter(d -> d.way().equals(way.name())).findFirst().orElseThrow();
    }

    private static GraphBox box(GraphDrawing d, String name) {
        return d.boxes().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static GraphEdge edge(GraphDrawing d, String from) {
        return d.edges().stream().filter(e -> e.from().equals(from)).findFirst().orElseThrow();
    }

    private static List<Integer> xs(GraphDrawing d, String... names) {
        return List.of(names).stream().map(n -> box(d, n).x()).toList();
    }

    private static List<Integer> ys(GraphDrawing d, String... names) {
        return List.of(names).stream().map(n -> box(d, n).y()).toList();
    }

    private static List<String> edges(GraphDrawing d) {
        return d.edges().stream().map(e -> e.from() + ">" + e.to()).sorted().toList();
    }
}
