package io.irsuite.comms.console;

import io.irsuite.comms.console.ConsoleViews.GraphBox;
import io.irsuite.comms.console.ConsoleViews.GraphDrawing;
import io.irsuite.comms.console.ConsoleViews.GraphEdge;
import io.irsuite.comms.console.ConsoleViews.GraphNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * An incident's blast radius as a small dependency graph for server-rendered SVG: its services as boxes in layers
 * by dependency depth (a service before what it depends on, so the root cause, usually the deepest dependency,
 * comes last), the catalog's edges between them as arrows towards the dependency, the root cause marked. Drawn
 * twice: left to right for a wide screen, top down for a phone (the stylesheet shows one). Every coordinate is
 * computed here; the template only prints numbers.
 */
final class BlastRadiusGraph {

    /** The sizes of one way of drawing: a box, the gap between layers and between boxes of a layer, a label's length. */
    record Way(String name, boolean across, int boxWidth, int boxHeight, int layerGap, int siblingGap, int labelChars) {
    }

    static final Way ACROSS = new Way("across", true, 176, 46, 64, 18, 22);
    static final Way DOWN = new Way("down", false, 140, 46, 40, 12, 17);
    static final int PAD = 8;
    /** How far off the middle an edge that closes a cycle runs, clear of the edge the other way. */
    static final int BACK_OFFSET = 8;

    private final List<String> nodes;
    private final List<List<Integer>> out;
    private final boolean[][] back;
    private final int[] layer;
    private final int[] position;
    private final int[] perLayer;
    private final int widest;

    private BlastRadiusGraph(List<String> nodes, List<List<Integer>> out) {
        this.nodes = nodes;
        this.out = out;
        int n = nodes.size();
        // depth-first from each service in order: an edge back to a service still on the path closes a cycle and
        // is left out of the layering; the reverse finishing order puts every other edge's ends in order
        back = new boolean[n][];
        for (int i = 0; i < n; i++) {
            back[i] = new boolean[out.get(i).size()];
        }
        int[] state = new int[n];
        List<Integer> finished = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (state[i] == 0) {
                visit(i, state, finished);
            }
        }
        layer = new int[n];
        for (int k = finished.size() - 1; k >= 0; k--) {
            int u = finished.get(k);
            for (int e = 0; e < out.get(u).size(); e++) {
                if (!back[u][e]) {
                    layer[out.get(u).get(e)] = Math.max(layer[out.get(u).get(e)], layer[u] + 1);
                }
            }
        }
        // each layer in the services' order, then by where what depends on them sits in the layers before
        int layers = n == 0 ? 0 : IntStream.of(layer).max().getAsInt() + 1;
        position = new int[n];
        perLayer = new int[layers];
        int most = 0;
        for (int l = 0; l < layers; l++) {
            int current = l;
            List<Integer> members = IntStream.range(0, n).filter(i -> layer[i] == current).boxed()
                    .sorted(Comparator.comparingDouble(v -> meanPositionOfDependents(v, current))).toList();
            for (int p = 0; p < members.size(); p++) {
                position[members.get(p)] = p;
            }
            perLayer[l] = members.size();
            most = Math.max(most, members.size());
        }
        widest = most;
    }

    /**
     * The graph of {@code services} (the root cause added when triage left it out), with the edges of
     * {@code dependsOn} whose both ends are among them.
     */
    static ConsoleViews.Graph of(List<String> services, Map<String, List<String>> dependsOn, String root) {
        LinkedHashSet<String> names = new LinkedHashSet<>(services);
        if (root != null) {
            names.add(root);
        }
        List<String> nodes = List.copyOf(names);
        Map<String, Integer> index = new HashMap<>();
        IntStream.range(0, nodes.size()).forEach(i -> index.put(nodes.get(i), i));
        List<List<Integer>> out = nodes.stream().map(name -> dependsOn.getOrDefault(name, List.of()).stream().distinct()
                .filter(d -> index.containsKey(d) && !d.equals(name)).map(index::get).toList()).toList();
        BlastRadiusGraph graph = new BlastRadiusGraph(nodes, out);

        List<GraphNode> listed = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (int u = 0; u < nodes.size(); u++) {
            String deps = String.join(", ", out.get(u).stream().map(nodes::get).toList());
            if (!deps.isEmpty()) {
                sentences.add(nodes.get(u) + " depends on " + deps + ".");
            }
            listed.add(new GraphNode(nodes.get(u), nodes.get(u).equals(root), deps));
        }
        int n = nodes.size();
        String title = "Blast radius: " + n + (n == 1 ? " service" : " services") + (root == null ? "" : ", root cause " + root);
        String description = (sentences.isEmpty() ? "The catalog knows no dependency between these services."
                : String.join(" ", sentences)) + " An arrow points from a service to what it depends on.";
        return new ConsoleViews.Graph(title, description, listed, List.of(graph.draw(ACROSS, root), graph.draw(DOWN, root)));
    }

    private GraphDrawing draw(Way way, String root) {
        int n = nodes.size();
        // "along" runs through the layers (x across, y down), "aside" through the boxes of one layer
        int along = way.across() ? way.boxWidth() : way.boxHeight();
        int aside = way.across() ? way.boxHeight() : way.boxWidth();
        int[] x = new int[n];
        int[] y = new int[n];
        List<GraphBox> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int first = PAD + layer[i] * (along + way.layerGap());
            // a layer with fewer boxes is centred on the widest
            int second = PAD + position[i] * (aside + way.siblingGap())
                    + (widest - perLayer[layer[i]]) * (aside + way.siblingGap()) / 2;
            x[i] = way.across() ? first : second;
            y[i] = way.across() ? second : first;
            String name = nodes.get(i);
            boolean isRoot = name.equals(root);
            boxes.add(new GraphBox(name, name.length() > way.labelChars() ? name.substring(0, way.labelChars() - 1) + "…"
                    : name, isRoot, x[i], y[i], way.boxWidth(), way.boxHeight(), x[i] + way.boxWidth() / 2,
                    y[i] + (isRoot ? 19 : 28), y[i] + 37));
        }
        List<GraphEdge> edges = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            for (int e = 0; e < out.get(u).size(); e++) {
                int v = out.get(u).get(e);
                edges.add(new GraphEdge(nodes.get(u), nodes.get(v), path(way, x, y, u, v, back[u][e])));
            }
        }
        int layers = perLayer.length;
        int length = layers == 0 ? 0 : 2 * PAD + layers * along + (layers - 1) * way.layerGap();
        int breadth = widest == 0 ? 0 : 2 * PAD + widest * aside + (widest - 1) * way.siblingGap();
        return new GraphDrawing(way.name(), way.across() ? length : breadth, way.across() ? breadth : length, boxes, edges);
    }

    /**
     * An arrow from the side of the dependent that faces the next layer to the facing side of its dependency, a
     * gentle S; one that closes a cycle points back, from the other side, a little off the middle.
     */
    private static String path(Way way, int[] x, int[] y, int u, int v, boolean backwards) {
        int w = way.boxWidth();
        int h = way.boxHeight();
        int off = backwards ? BACK_OFFSET : 0;
        int sign = backwards ? -1 : 1;
        int x1;
        int y1;
        int x2;
        int y2;
        if (way.across()) {
            x1 = backwards ? x[u] : x[u] + w;
            x2 = backwards ? x[v] + w : x[v];
            y1 = y[u] + h / 2 + off;
            y2 = y[v] + h / 2 + off;
            int dx = sign * (x2 - x1) / 2;
            return "M" + x1 + " " + y1 + " C" + (x1 + sign * dx) + " " + y1 + " " + (x2 - sign * dx) + " " + y2 + " "
                    + x2 + " " + y2;
        }
        y1 = backwards ? y[u] : y[u] + h;
        y2 = backwards ? y[v] + h : y[v];
        x1 = x[u] + w / 2 + off;
        x2 = x[v] + w / 2 + off;
        int dy = sign * (y2 - y1) / 2;
        return "M" + x1 + " " + y1 + " C" + x1 + " " + (y1 + sign * dy) + " " + x2 + " " + (y2 - sign * dy) + " "
                + x2 + " " + y2;
    }

    private void visit(int u, int[] state, List<Integer> finished) {
        state[u] = 1;
        for (int e = 0; e < out.get(u).size(); e++) {
            int v = out.get(u).get(e);
            if (state[v] == 1) {
                back[u][e] = true;
            } else if (state[v] == 0) {
                visit(v, state, finished);
            }
        }
        state[u] = 2;
        finished.add(u);
    }

    /** Where the services that depend on {@code v} sit in the layers before; those with none keep their order. */
    private double meanPositionOfDependents(int v, int current) {
        double sum = 0;
        int count = 0;
        for (int u = 0; u < out.size(); u++) {
            if (layer[u] < current && out.get(u).contains(v)) {
                sum += position[u];
                count++;
            }
        }
        return count == 0 ? Double.MAX_VALUE : sum / count;
    }
}
