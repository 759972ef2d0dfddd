package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public page and the internal one built from the same inputs; the HTML rendering. */
class StatusPageTest {

    static final Duration DAY = Duration.ofHours(24);
    static final String SECRET = "SECRET-MARKER";

    static final StatusComponent STORE = new StatusComponent("store", "Online store", "Shop", true,
            List.of("checkout-svc", "cart-svc"), T0.minus(Duration.ofDays(200)), T0);
    static final StatusComponent API = new StatusComponent("api", "Public API", null, true, List.of("api-gw"),
            T0.minus(Duration.ofDays(200)), T0);
    static final StatusComponent BATCH = new StatusComponent("batch", "Batch jobs", null, false, List.of("etl"),
            T0.minus(Duration.ofDays(200)), T0);

    static IncidentState incident(String severity, String status, Instant resolvedAt, String... services) {
        return new IncidentState(UUID.randomUUID(), SECRET + " title http://internal.example", severity, status,
                List.of(services), T0.minusSeconds(600), T0, null, null, resolvedAt, T0, SECRET, null, null, null, 0, null);
    }

    static StatusPageBuilder.Inputs inputs(List<IncidentState> incidents, Map<UUID, List<CustomerWords.StoredUpdate>> updates) {
        return new StatusPageBuilder.Inputs(T0, List.of(BATCH, STORE, API), List.of(), List.of(), incidents, updates,
                List.of(), DAY, 90);
    }

    static List<CustomerWords.StoredUpdate> updates(String severity) {
        return List.of(new CustomerWords.StoredUpdate(T0.minusSeconds(500), "initial", "investigating", severity,
                        SECRET + " alert summary"),
                new CustomerWords.StoredUpdate(T0.minusSeconds(400), "page", "investigating", severity,
                        "Automation gave up ... Execution 6f1c " + SECRET));
    }

    @Test
    void onlyPublicComponentsAreShownGroupedAndOrdered() {
        StatusPage page = StatusPageBuilder.publicPage(inputs(List.of(), Map.of()));
        assertEquals(List.of("Public API", "Online store"),
                page.components().stream().map(StatusPage.Component::displayName).toList(), "ungrouped first");
        assertEquals(List.of(), page.incidents());
        assertEquals("operational", page.status());
        assertEquals("All systems operational", page.description());
        assertEquals(90, page.components().get(0).uptime().days().size());
    }

    @Test
    void anIncidentOnAPublicComponentIsListedInCustomerWordsOnly() {
        IncidentState i = incident("SEV2", "MITIGATING", null, "cart-svc", "etl", "unmapped-svc");
        StatusPage page = StatusPageBuilder.publicPage(inputs(List.of(i), Map.of(i.id(), updates("SEV2"))));
        assertEquals("partial_outage", page.status());
        assertEquals("partial_outage", page.components().get(1).status());
        assertEquals("operational", page.components().get(0).status());
        StatusPage.Incident listed = page.incidents().get(0);
        assertEquals("Partial outage affecting Online store", listed.title());
        assertEquals("major", listed.impact());
        assertEquals("identified", listed.status());
        assertEquals(List.of("Online store"), listed.components(), "neither the private component nor services");
        assertEquals(1, listed.updates().size(), "the page notification is internal");
        assertEquals("We are investigating a partial outage affecting Online store.", listed.updates().get(0).text());
        String everything = page.toString() + StatusPageHtml.render(page);
        for (String forbidden : List.of(SECRET, "http", "6f1c", "cart-svc", "etl", "unmapped-svc", "Batch jobs",
                i.id().toString(), "SEV2", "Execution")) {
            assertFalse(everything.contains(forbidden), forbidden + " leaked");
        }
    }

    @Test
    void incidentsOffPublicComponentsOrWithoutCustomerImpactAreNotListed() {
        IncidentState privateOnly = incident("SEV1", "OPEN", null, "etl");
        IncidentState minor = incident("SEV4", "OPEN", null, "api-gw");
        IncidentState oldResolved = incident("SEV1", "RESOLVED", T0.minus(Duration.ofHours(30)), "api-gw");
        StatusPage page = StatusPageBuilder.publicPage(inputs(List.of(privateOnly, minor, oldResolved), Map.of()));
        assertEquals(List.of(), page.incidents());
        assertEquals("operational", page.status());
    }

    @Test
    void aDeEscalatedIncidentStaysListedAtItsPeakImpact() {
        IncidentState i = incident("SEV4", "RESOLVED", T0.minusSeconds(60), "api-gw");
        StatusPage page = StatusPageBuilder.publicPage(inputs(List.of(i), Map.of(i.id(), updates("SEV2"))));
        assertEquals(1, page.incidents().size());
        assertEquals("major", page.incidents().get(0).impact());
        assertEquals("resolved", page.incidents().get(0).status());
        assertEquals(T0.minusSeconds(60), page.incidents().get(0).resolvedAt());
        assertEquals("operational", page.status());
    }

    @Test
    void theInternalPageHasEverythingAndSaysWhatIsPublished() {
        IncidentState onStore = incident("SEV1", "OPEN", null, "checkout-svc");
        IncidentState onBatch = incident("SEV2", "OPEN", null, "etl");
        StatusOverride override = new StatusOverride("api", ComponentStatus.degraded_performance, T0.minusSeconds(5),
                null, null, "alice");
        StatusPageBuilder.Inputs in = new StatusPageBuilder.Inputs(T0, List.of(BATCH, STORE, API), List.of(override),
                List.of(), List.of(onStore, onBatch), Map.of(onStore.id(), updates("SEV1")), List.of(), DAY, 90);
        InternalStatusPage internal = StatusPageBuilder.internalPage(in);
        assertEquals(List.of("batch", "api", "store"), internal.components().stream()
                .map(InternalStatusPage.Component::name).toList(), "ungrouped by display name, then groups");
        InternalStatusPage.Component api = internal.components().get(1);
        assertEquals("degraded_performance", api.status());
        assertEquals("operational", api.derivedStatus());
        assertEquals("alice", api.override().setBy());
        assertEquals("partial_outage", internal.components().get(0).status(), "private components have a status too");
        assertEquals("major_outage", internal.status());
        assertEquals(List.of(true, false), internal.incidents().stream().map(InternalStatusPage.Incident::published).toList());
        assertEquals(2, internal.incidents().get(0).updates().size(), "internal kinds and texts included");
        assertTrue(internal.incidents().get(0).title().contains(SECRET));
        assertEquals(List.of("store"), internal.incidents().get(0).components());
        assertEquals(StatusPageBuilder.publicPage(in), internal.published());
    }

    @Test
    void theHtmlPageEscapesEveryValueAndHasNoScriptNorLink() {
        StatusComponent evil = new StatusComponent("evil", "<img src=x onerror=alert(1)>", "\"Shop\" & <b>co</b>", true,
                List.of("x"), T0.minus(Duration.ofDays(1)), T0);
        Maintenance window = new Maintenance(UUID.randomUUID(), "<script>alert(1)</script>", "it's <i>fine</i>",
                List.of("evil"), T0.plusSeconds(60), T0.plusSeconds(120), "alice", T0);
        StatusPage page = StatusPageBuilder.publicPage(new StatusPageBuilder.Inputs(T0, List.of(evil), List.of(),
                List.of(window), List.of(incident("SEV1", "OPEN", null, "x")), Map.of(), List.of(), DAY, 90));
        String html = StatusPageHtml.render(page);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<b>"), html);
        assertFalse(html.contains("<i>"), html);
        assertFalse(html.toLowerCase().contains("<script"), html);
        assertFalse(html.contains("://"), "no link of any kind");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        assertTrue(html.contains("&quot;Shop&quot; &amp; &lt;b&gt;co&lt;/b&gt;"), html);
        assertTrue(html.contains("it&#39;s &lt;i&gt;fine&lt;/i&gt;"), html);
        assertTrue(html.contains("Major outage"), html);
        assertTrue(html.contains("Scheduled maintenance"), html);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(1, page.components().size());
        assertNull(page.incidents().get(0).resolvedAt());
    }

    @Test
    void escapingCoversAllFiveCharacters() {
        assertEquals("&lt;&gt;&amp;&quot;&#39;", StatusPageHtml.esc("<>&\"'"));
        assertEquals("", StatusPageHtml.esc(null));
    }
}
