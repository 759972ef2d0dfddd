package io.irsuite.triage.corpus;

import io.irsuite.triage.domain.AlertCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the labelled alert corpus (src/main/resources/alert-corpus): every source file is well formed and
 * labelled with a triage category and a role, and the corpus is as large and as varied as issue 12 asks.
 */
class AlertCorpusTest {

    static final String HEADER = "name\tsummary\tlabels\tmetric\tcategory\trole\torigin";
    static final Set<String> CATEGORIES = Set.of("deploy", "config", "resource_exhaustion", "capacity", "database",
            "network", "dependency", "external", "certificate", "security", "crash", "unknown");
    static final Set<String> ROLES = Set.of("cause", "symptom");

    @Test
    void corpusIsWellFormedLabelledAndLargeEnough() throws IOException, URISyntaxException {
        Path dir = Path.of(AlertCorpusTest.class.getResource("/alert-corpus/SOURCES.md").toURI()).getParent();
        String sourcesMd = Files.readString(dir.resolve("SOURCES.md"), StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
        Map<String, Integer> perSource = new TreeMap<>();
        Map<String, Integer> perCategory = new TreeMap<>();
        Map<String, Integer> perRole = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String source = file.getFileName().toString().replaceFirst("\\.tsv$", "");
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertFalse(lines.isEmpty(), source + " is empty");
            assertEquals(HEADER, lines.get(0), source + " header");
            assertTrue(sourcesMd.contains("`" + source + "`"), source + " is not described in SOURCES.md");
            Set<String> names = new HashSet<>();
            for (int i = 1; i < lines.size(); i++) {
                String where = source + ":" + (i + 1);
                String[] f = lines.get(i).split("\t", -1);
                if (f.length != 7) {
                    problems.add(where + " has " + f.length + " fields");
                    continue;
                }
                if (f[0].isBlank()) problems.add(where + " has no name");
                if (!CATEGORIES.contains(f[4])) problems.add(where + " category '" + f[4] + "'");
                if (!ROLES.contains(f[5])) problems.add(where + " role '" + f[5] + "'");
                if (f[6].isBlank()) problems.add(where + " has no origin");
                if (!names.add(f[0])) problems.add(where + " duplicate name '" + f[0] + "'");
                perCategory.merge(f[4], 1, Integer::sum);
                perRole.merge(f[5], 1, Integer::sum);
            }
            perSource.put(source, lines.size() - 1);
        }
        int total = perSource.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("alert corpus: " + total + " rules; per source " + perSource);
        System.out.println("alert corpus: per category " + perCategory + "; per role " + perRole);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(total >= 500, "only " + total + " rules");
        assertTrue(perSource.size() >= 4, "only " + perSource.size() + " sources");
        assertEquals(perSource.keySet().stream().sorted().toList(),
                AlertCorpus.SOURCES.stream().sorted().toList(), "AlertCorpus.SOURCES lists every TSV");
        assertEquals(total, AlertCorpus.load().size(), "AlertCorpus.load() reads every row");
    }
}
