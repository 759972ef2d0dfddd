package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusPageTest {

    static final Duration DAY = Duration.ofHours(24);

    static IncidentState incident(String severity, String status, Instant resolvedAt, String... services) {
        return new IncidentState(UUID.randomUUID(), "Trouble on " + String.join(",", services), severity, status,
                List.of(services), T0, T0, null, null, resolvedAt, T0, null, null, null, null, 0, null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SEV1, major_outage", "SEV2, partial_outage", "SEV3, degraded_performance",
            "SEV4, degraded_performance"})
    void severityDecidesTheComponentStatus(String severity, String status) {
        assertEquals(status, StatusPageBuilder.componentStatus(severity));
    }

    @Test
    void theWorstActiveIncidentDecidesAComponentAndThePage() {
        List<StatusPage.CatalogComponent> catalog = List.of(new StatusPage.CatalogComponent("checkout", 1),
                new StatusPage.CatalogComponent("search", 2));
        StatusPage page = StatusPageBuilder.build(T0, catalog, List.of(
                incident("SEV3", "OPEN", null, "checkout"),
                incident("SEV2", "MITIGATING", null, "checkout", "payments")), Map.of(), 10, DAY);
        assertEquals(List.of(new StatusPage.Component("checkout", "partial_outage"),
                new StatusPage.Component("payments", "partial_outage"),
                new StatusPage.Component("search", "operational")), page.components());
        assertEquals("partial_outage", page.status());
        assertEquals(List.of("identified", "investigating"),
                page.incidents().stream().map(StatusPage.Incident::status).toList(), "most severe first");
    }

    @Test
    void withoutActiveIncidentsAllIsOperationalAndRecentResolutionsAreShown() {
        IncidentState recent = incident("SEV1", "RESOLVED", T0.minus(Duration.ofHours(2)), "checkout");
        IncidentState old = incident("SEV1", "RESOLVED", T0.minus(Duration.ofHours(30)), "checkout");
        StatusPage page = StatusPageBuilder.build(T0, List.of(new StatusPage.CatalogComponent("checkout", 1)),
                List.of(recent, old), Map.of(recent.id(), List.of(new StatusPage.Update(T0, "resolved", "fixed"))),
                10, DAY);
        assertEquals("operational", page.status());
        assertEquals(List.of(new StatusPage.Component("checkout", "operational")), page.components());
        assertEquals(1, page.incidents().size());
        assertEquals("resolved", page.incidents().get(0).status());
        assertEquals("fixed", page.incidents().get(0).updates().get(0).text());
    }

    @Test
    void aMinorIncidentMakesThePageDegraded() {
        StatusPage page = StatusPageBuilder.build(T0, List.of(),
                List.of(incident("SEV4", "OPEN", null, "docs")), Map.of(), 10, DAY);
        assertEquals("degraded", page.status());
        assertEquals(List.of(new StatusPage.Component("docs", "degraded_performance")), page.components());
    }

    @Test
    void aLargeCatalogShowsOnlyTiersOneAndTwo() {
        List<StatusPage.CatalogComponent> catalog = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> new StatusPage.CatalogComponent("svc" + i, i % 4 + 1)).toList();
        StatusPage page = StatusPageBuilder.build(T0, catalog, List.of(), Map.of(), 10, DAY);
        assertTrue(page.components().stream().allMatch(c -> List.of("svc1", "svc4", "svc5", "svc8", "svc9", "svc12")
                .contains(c.name())), page.components().toString());
        assertEquals(6, page.components().size());
    }

    @Test
    void theHtmlPageEscapesEveryValueAndHasNoScript() {
        IncidentState evil = incident("SEV2", "OPEN", null, "<img src=x onerror=alert(1)>");
        StatusPage page = StatusPageBuilder.build(T0, List.of(), List.of(evil),
                Map.of(evil.id(), List.of(new StatusPage.Update(T0, "investigating", "\"quoted\" & <b>bold</b>"))),
                10, DAY);
        String html = StatusPageHtml.render(page);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<b>"), html);
        assertFalse(html.toLowerCase().contains("<script"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        assertTrue(html.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"), html);
        assertTrue(html.contains("Partial outage"), html);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
    }

    @Test
    void escapingCoversAllFiveCharacters() {
        assertEquals("&lt;&gt;&amp;&quot;&#39;", StatusPageHtml.esc("<>&\"'"));
        assertEquals("", StatusPageHtml.esc(null));
    }

    @Test
    void unusedPayloadTypesDoNotBreakTheBuilder() {
        // an incident known only from a remediation event has no title or severity yet
        IncidentState partial = IncidentProjection.apply(IncidentState.empty(UUID.randomUUID()),
                new Payloads.RemediationStarted(null, null, "restart", "cart", null), T0);
        StatusPage page = StatusPageBuilder.build(T0, List.of(), List.of(partial), Map.of(), 10, DAY);
        assertTrue(page.incidents().get(0).title().startsWith("Incident "));
        assertEquals("degraded", page.status());
    }
}
