package io.irsuite.remediation;

import io.irsuite.remediation.service.RunbookLibrary;
import io.irsuite.remediation.service.RunbookLibrary.Shipped;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.remediation.Flows.ADMIN;
import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.triage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default runbook library against the real database: loaded by a direct call to the bean (the
 * {@code %test} profile keeps it off at start), stored once at version 1, never overwriting what an admin
 * did, safe when loads race, and second to a person's runbook in selection. Every test disables the
 * library runbooks it stored again, so that the module's other tests never select them.
 */
@QuarkusTest
class RunbookLibraryFlowTest {

    static final Duration DB = Duration.ofSeconds(60);
    static final List<String> HTTP = List.of("disable-feature-flag", "clear-cache", "open-circuit-breaker", "redirect-traffic",
            "database-failover", "rate-limit");

    @Inject
    RunbookLibrary library;

    @Inject
    Pool pool;

    static JsonPath runbooks() {
        return given().auth().oauth2("viewer-token").get("/api/v1/runbooks").then().statusCode(200).extract().jsonPath();
    }

    static String in(String id, String field) {
        return "find { it.id == '" + id + "' }." + field;
    }

    /** created_by of every stored version of these runbooks, as "id v<n> by <author>". */
    List<String> versions(Collection<String> ids) {
        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                        SELECT runbook_id, version, created_by FROM runbook_version WHERE runbook_id = ANY($1)
                        ORDER BY runbook_id, version""")
                .execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new))).await().atMost(DB)) {
            rows.add(row.getString("runbook_id") + " v" + row.getInteger("version") + " by " + row.getString("created_by"));
        }
        return rows;
    }

    static List<String> storedBy(List<String> ids, String author) {
        return ids.stream().sorted().map(id -> id + " v1 by " + author).toList();
    }

    static void disable(Collection<String> ids) {
        for (String id : ids) {
            given().auth().oauth2(ADMIN).delete("/api/v1/runbooks/" + id).then().statusCode(anyOf(is(204), is(404)));
        }
    }

    List<Shipped> shippedAs(String prefix, Map<String, String> urls) {
        return library.prepare(urls).stream().map(s -> s.withId(prefix + s.id())).toList();
    }

    @Test
    void theShippedLibraryIsStoredOnceAtVersionOneAndNeverOverwritesWhatAnAdminDid() {
        try {
            assertEquals(RunbookLibrary.IDS, library.load(Map.of()).await().atMost(DB));

            JsonPath all = runbooks();
            Map<String, String> updatedAt = new HashMap<>();
            for (String id : RunbookLibrary.IDS) {
                assertEquals(1, all.getInt(in(id, "version")), id);
                assertEquals(!HTTP.contains(id), all.getBoolean(in(id, "enabled")), id + ": HTTP runbooks wait for their adapter URL");
                updatedAt.put(id, all.getString(in(id, "updatedAt")));
            }
            assertTrue(all.getString(in("clear-cache", "description"))
                    .startsWith("Stored disabled: ir.remediation.library.cache-url "));
            assertEquals("http://cache-url.invalid/caches/${service}/clear", all.getString(in("clear-cache", "steps[0].url")));
            assertEquals("rollout-restart", all.getString(in("restart-deployment", "steps[0].operation")));
            assertEquals(List.of("deploy", "config"), all.getList(in("rollback-deployment", "categories")));
            assertTrue(all.getBoolean(in("database-failover", "requiresApproval")));
            assertEquals(storedBy(RunbookLibrary.IDS, RunbookLibrary.AUTHOR), versions(RunbookLibrary.IDS));

            // a second load, even with a URL now configured, stores and changes nothing
            assertEquals(List.of(), library.load(Map.of("cache-url", "http://cache.test:8080")).await().atMost(DB));
            JsonPath again = runbooks();
            for (String id : RunbookLibrary.IDS) {
                assertEquals(1, again.getInt(in(id, "version")), id);
                assertEquals(updatedAt.get(id), again.getString(in(id, "updatedAt")), id);
            }
            assertFalse(again.getBoolean(in("clear-cache", "enabled")));

            // an admin's edit and an admin's disable survive the next load
            given().auth().oauth2(ADMIN).contentType("application/yaml").body("""
                            name: Our restart
                            actions: [restart]
                            steps:
                              - {name: restart, type: kubernetes, operation: rollout-restart}
                            """.getBytes(StandardCharsets.UTF_8))
                    .when().put("/api/v1/runbooks/restart-deployment").then().statusCode(200);
            given().auth().oauth2(ADMIN).delete("/api/v1/runbooks/scale-up-deployment").then().statusCode(204);
            assertEquals(List.of(), library.load(Map.of()).await().atMost(DB));
            JsonPath edited = runbooks();
            assertEquals(2, edited.getInt(in("restart-deployment", "version")));
            assertEquals("Our restart", edited.getString(in("restart-deployment", "name")));
            assertFalse(edited.getBoolean(in("scale-up-deployment", "enabled")));
            assertEquals(1, edited.getInt(in("scale-up-deployment", "version")));
            assertEquals(List.of("restart-deployment v1 by default-library", "restart-deployment v2 by admin"),
                    versions(List.of("restart-deployment")));
        } finally {
            disable(RunbookLibrary.IDS);
        }
    }

    @Test
    void withAdapterUrlsTheHttpRunbooksAreStoredEnabledAndCallTheConfiguredHosts() {
        String prefix = "urls-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<Shipped> shipped = shippedAs(prefix, Map.of("feature-flag-url", "http://flags.test:8080",
                "cache-url", "http://cache.test:8080", "circuit-breaker-url", "https://mesh.test/admin/",
                "traffic-url", "http://traffic.test", "database-url", "http://db.test:9090"));
        List<String> ids = shipped.stream().map(Shipped::id).toList();
        try {
            assertEquals(ids, library.store(shipped).await().atMost(DB));
            JsonPath all = runbooks();
            for (String id : ids) {
                assertTrue(all.getBoolean(in(id, "enabled")), id);
                assertEquals(1, all.getInt(in(id, "version")), id);
                assertFalse(all.getString(in(id, "description")).contains("Stored disabled"), id);
            }
            assertEquals("https://mesh.test/admin/circuit-breakers/${service}/open",
                    all.getString(in(prefix + "open-circuit-breaker", "steps[0].url")));
            assertEquals("https://mesh.test/admin/circuit-breakers/${service}/close",
                    all.getString(in(prefix + "open-circuit-breaker", "steps[0].rollback.url")));
            assertEquals("https://mesh.test/admin/circuit-breakers/${service}?expect=open",
                    all.getString(in(prefix + "open-circuit-breaker", "steps[1].url")));
            assertEquals("GET", all.getString(in(prefix + "open-circuit-breaker", "steps[1].method")));
            assertEquals("http://db.test:9090/databases/${service}/failover",
                    all.getString(in(prefix + "database-failover", "steps[0].url")));
        } finally {
            disable(ids);
        }
    }

    @Test
    void loadsThatRaceStoreEachRunbookOnce() {
        String prefix = "race-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<Shipped> shipped = shippedAs(prefix, Map.of());
        List<String> ids = shipped.stream().map(Shipped::id).toList();
        try {
            // three replicas starting at once
            List<List<String>> stored = Uni.join().all(library.store(shipped), library.store(shipped), library.store(shipped))
                    .andFailFast().await().atMost(DB);
            List<String> storedOnce = stored.stream().flatMap(List::stream).sorted().toList();
            assertEquals(ids.stream().sorted().toList(), storedOnce, "each runbook stored by exactly one load: " + stored);
            assertEquals(storedBy(ids, RunbookLibrary.AUTHOR), versions(ids));
            long audits = pool.preparedQuery("SELECT count(*) FROM audit_log WHERE action = 'runbook.library' AND subject = ANY($1)")
                    .execute(Tuple.tuple().addArrayOfString(ids.stream().map(id -> "runbook:" + id).toArray(String[]::new)))
                    .await().atMost(DB).iterator().next().getLong(0);
            assertEquals(ids.size(), audits);
        } finally {
            disable(ids);
        }
    }

    @Test
    void aPersonsRunbookIsSelectedBeforeALibraryRunbook() {
        String prefix = "sel-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<Shipped> shipped = shippedAs(prefix, Map.of("feature-flag-url", "http://flags.test:8080"));
        List<String> ids = new ArrayList<>(shipped.stream().map(Shipped::id).toList());
        String libraryFlag = prefix + "disable-feature-flag";
        try {
            library.store(shipped).await().atMost(DB);
            // alone, the library's runbook serves the action (no auto-remediation: the choice waits for approval)
            UUID first = UUID.randomUUID();
            triage(first, 1, "feature_flag_disable", "checkout", true, false, "config");
            JsonPath chosen = awaitExecution(first, "PENDING_APPROVAL");
            assertEquals(libraryFlag, chosen.getString("[0].runbookId"));
            assertEquals(1, chosen.getInt("[0].runbookVersion"));

            // a person's generic runbook beats it, although its id sorts after the library's
            String mine = prefix + "zz-our-flags";
            ids.add(mine);
            given().auth().oauth2(ADMIN).contentType("application/yaml").body("""
                            name: Our flags
                            actions: [feature_flag_disable]
                            steps:
                              - {name: flags off, type: http, method: POST, url: "http://our-flags.test/off/${service}"}
                            """.getBytes(StandardCharsets.UTF_8))
                    .when().put("/api/v1/runbooks/" + mine).then().statusCode(201);
            UUID second = UUID.randomUUID();
            triage(second, 1, "feature_flag_disable", "checkout", true, false, "config");
            assertEquals(mine, awaitExecution(second, "PENDING_APPROVAL").getString("[0].runbookId"));

            // once an admin edits the library's runbook it is theirs, and the lower id wins again
            given().auth().oauth2(ADMIN).contentType("application/yaml").body("""
                            name: Flags, our way
                            actions: [feature_flag_disable]
                            steps:
                              - {name: flags off, type: http, method: POST, url: "http://flags.test:8080/flags/${service}/disable"}
                            """.getBytes(StandardCharsets.UTF_8))
                    .when().put("/api/v1/runbooks/" + libraryFlag).then().statusCode(200);
            UUID third = UUID.randomUUID();
            triage(third, 1, "feature_flag_disable", "checkout", true, false, "config");
            JsonPath edited = awaitExecution(third, "PENDING_APPROVAL");
            assertEquals(libraryFlag, edited.getString("[0].runbookId"));
            assertEquals(2, edited.getInt("[0].runbookVersion"));
        } finally {
            disable(ids);
        }
    }
}
