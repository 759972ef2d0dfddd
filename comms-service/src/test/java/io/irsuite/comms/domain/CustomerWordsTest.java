package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The fixed templates customers read, and which stored updates become public ones. */
class CustomerWordsTest {

    static final String SECRET = "SECRET-MARKER http://internal.example exec 6f1c";

    static CustomerWords.StoredUpdate stored(long second, String kind, String status, String severity) {
        return new CustomerWords.StoredUpdate(T0.plusSeconds(second), kind, status, severity, SECRET + " " + kind);
    }

    @ParameterizedTest(name = "{0}/{1}/{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "initial|investigating|SEV2|We are investigating a partial outage affecting Checkout.",
            "initial|investigating|SEV1|We are investigating a major outage affecting Checkout.",
            "initial|investigating|SEV3|We are investigating degraded performance affecting Checkout.",
            "update|investigating|SEV1|We are continuing to investigate the issue affecting Checkout. Current impact: major outage.",
            "update|identified|SEV2|We have identified the cause of the issue affecting Checkout and are working on a fix. Current impact: partial outage.",
            "update|monitoring|SEV2|A fix has been put in place for Checkout and we are monitoring the results.",
            "resolution|resolved|SEV2|This incident has been resolved and Checkout is operating normally.",
            "update|resolved|SEV3|This incident has been resolved and Checkout is operating normally."})
    void eachKindAndStatusHasOneFixedTemplate(String kind, String status, String severity, String text) {
        assertEquals(text, CustomerWords.text(kind, status, ComponentStatus.ofSeverity(severity), false,
                List.of("Checkout")));
    }

    @Test
    void namesAreJoinedForReading() {
        assertEquals("our services", CustomerWords.names(List.of()));
        assertEquals("A", CustomerWords.names(List.of("A")));
        assertEquals("A and B", CustomerWords.names(List.of("A", "B")));
        assertEquals("A, B and C", CustomerWords.names(List.of("A", "B", "C")));
        assertEquals("This incident has been resolved and API and Website are operating normally.",
                CustomerWords.text("resolution", "resolved", ComponentStatus.operational, false, List.of("API", "Website")));
        assertEquals("Partial outage affecting API and Website",
                CustomerWords.title(ComponentStatus.partial_outage, List.of("API", "Website")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SEV1, critical", "SEV2, major", "SEV3, minor", "SEV4, none", "bogus, none"})
    void severityReadsAsStatuspagesImpact(String severity, String impact) {
        assertEquals(impact, CustomerWords.impact(severity));
    }

    @Test
    void pagesEscalationsAndRepeatsAreNotPublishedAndStoredTextNeverIs() {
        List<CustomerWords.StoredUpdate> stored = List.of(
                stored(0, "initial", "investigating", "SEV2"),
                stored(5, "update", "investigating", "SEV2"),      // a re-triage that changed nothing public
                stored(6, "page", "investigating", "SEV2"),        // approval requested / automation gave up
                stored(7, "escalation", "investigating", "SEV2"),
                stored(8, "update", "investigating", "SEV1"),      // severity raised
                stored(9, "update", "identified", "SEV1"),
                stored(10, "update", "identified", "SEV1"),        // a remediation failed: nothing new for customers
                stored(11, "some-future-kind", "monitoring", "SEV1"),
                stored(12, "update", "monitoring", "SEV1"),
                stored(20, "resolution", "resolved", "SEV1"));
        List<StatusPage.Update> published = CustomerWords.publicUpdates(stored, List.of("Checkout"));
        assertEquals(List.of(0L, 8L, 9L, 12L, 20L), published.stream()
                .map(u -> u.at().getEpochSecond() - T0.getEpochSecond()).toList());
        assertEquals(List.of("investigating", "investigating", "identified", "monitoring", "resolved"),
                published.stream().map(StatusPage.Update::status).toList());
        assertEquals("We are investigating a partial outage affecting Checkout.", published.get(0).text());
        assertEquals("We are continuing to investigate the issue affecting Checkout. Current impact: major outage.",
                published.get(1).text());
        published.forEach(u -> assertFalse(u.text().contains("SECRET") || u.text().contains("http")
                || u.text().contains("exec"), u.text()));
    }

    @Test
    void theFirstPublishedUpdateOpensTheStoryEvenWhenTheInitialOneIsMissing() {
        List<StatusPage.Update> published = CustomerWords.publicUpdates(
                List.of(stored(0, "update", "investigating", "SEV3"), stored(1, "update", "weird", "SEV3")),
                List.of("Search"));
        assertEquals(1, published.size(), "an unknown status word reads investigating");
        assertEquals("We are investigating degraded performance affecting Search.", published.get(0).text());
    }
}
