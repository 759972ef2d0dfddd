package io.irsuite.detection.rest;

import io.irsuite.detection.domain.SignalParams;
import io.irsuite.detection.service.SignalIngestService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static io.irsuite.detection.Api.ADMIN;
import static io.irsuite.detection.Api.INGEST;
import static io.irsuite.detection.Api.RESPONDER;
import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Golden-signal samples on the real database: baselines, the alerts they raise and resolve, input and auth. */
@QuarkusTest
class SignalResourceTest {

    /** Samples a minute apart, starting two hours ago (so none is in the future). */
    static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    SignalIngestService signals;

    @Inject
    jakarta.enterprise.inject.Instance<io.irsuite.platform.retention.RetentionRule> rules;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    static String at(int minute) {
        return T0.plus(minute, ChronoUnit.MINUTES).toString();
    }

    static String latency(String service, int minute, double value) {
        return String.format(Locale.ROOT, "{\"service\":\"%s\",\"at\":\"%s\",\"latencyP95Ms\":%.1f}", service,
                at(minute), value);
    }

    /** Samples from minute {@code from} on, one JSON object each. */
    static String array(int from, int n, IntFunction<String> sample) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(sample.apply(i));
        }
        return "[" + String.join(",", out) + "]";
    }

    /** Latency around 300 ms with a little deterministic noise. */
    static double normal(int i) {
        return 300 + 20 * Math.sin(i * 1.7);
    }

    static ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/v1/signals").then();
    }

    static ValidatableResponse post(String body) {
        return post(INGEST, body);
    }

    static int warmUp(String service) {
        int n = SignalParams.defaults().warmUpSamples() + 10;
        post(array(0, n, i -> latency(service, i, normal(i)))).statusCode(202)
                .body("applied", equalTo(n)).body("ignored", equalTo(0))
                .body("samples[0].signals.latencyP95Ms.state", equalTo("warming-up"))
                .body("samples[0].signals.latencyP95Ms.baseline", nullValue())
                .body("samples[" + (n - 1) + "].signals.latencyP95Ms.state", equalTo("normal"))
                .body("samples.alerts.flatten()", hasSize(0));
        return n;
    }

    @Test
    void theShippedConfigurationIsTheTunedDefaults() {
        org.junit.jupiter.api.Assertions.assertEquals(SignalParams.defaults(), signals.params());
    }

    @Test
    void aLatencyStepOpensAnIncidentExplainingItAndRecoveryResolvesIt() {
        String service = uniqueService("checkout-signals");
        int n = warmUp(service);

        ValidatableResponse step = post(array(n, 3, i -> latency(service, i, 1840))).statusCode(202)
                .body("samples[0].signals.latencyP95Ms.state", equalTo("normal"))
                .body("samples[0].alerts", hasSize(0))
                .body("samples[2].signals.latencyP95Ms.state", equalTo("anomalous"))
                .body("samples[2].signals.latencyP95Ms.decision", equalTo("raise"))
                .body("samples[2].signals.latencyP95Ms.baseline", near(300))
                .body("samples[2].alerts", hasSize(1))
                .body("samples[2].alerts[0].name", equalTo("AnomalousLatencyP95Ms"))
                .body("samples[2].alerts[0].status", equalTo("firing"))
                .body("samples[2].alerts[0].outcome", equalTo("new"))
                .body("samples[2].alerts[0].fingerprint", matchesPattern("[0-9a-f]{16}"));
        String fingerprint = step.extract().path("samples[2].alerts[0].fingerprint");
        String explanation = step.extract().path("samples[2].alerts[0].description");
        assertThat(explanation, matchesPattern("latencyP95Ms 1,840 vs baseline 3\\d\\d ± [\\d.]+, \\d+σ over 3 samples"));

        String incident = incidentOf(fingerprint);
        getIncident(incident).statusCode(200).body("status", equalTo("OPEN")).body("severity", equalTo("SEV3"))
                .body("services", equalTo(List.of(service)))
                .body("title", equalTo("AnomalousLatencyP95Ms on " + service));
        given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + incident + "/alerts").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].source", equalTo("signals"))
                .body("[0].description", equalTo(explanation))
                .body("[0].summary", equalTo("latencyP95Ms of " + service + " far above its baseline"))
                .body("[0].labels.signal", equalTo("latencyP95Ms"))
                .body("[0].startsAt", equalTo(at(n)))
                .body("[0].metrics.latencyP95Ms", equalTo(1840.0f))
                .body("[0].metrics.baselineP95Ms", near(300));

        // while anomalous every sample re-asserts the alert: a duplicate, nothing new
        post(latency(service, n + 3, 1900)).statusCode(202)
                .body("samples[0].signals.latencyP95Ms.state", equalTo("anomalous"))
                .body("samples[0].signals.latencyP95Ms.decision", nullValue())
                .body("samples[0].alerts[0].status", equalTo("firing"))
                .body("samples[0].alerts[0].outcome", equalTo("duplicate"))
                .body("samples[0].alerts[0].fingerprint", equalTo(fingerprint));
        given().auth().oauth2(VIEWER).when().get("/api/v1/signals/" + service).then().statusCode(200)
                .body("baselines", hasSize(1))
                .body("baselines[0].signal", equalTo("latencyP95Ms"))
                .body("baselines[0].state", equalTo("anomalous"))
                .body("baselines[0].anomalousSince", equalTo(at(n)));

        int quiet = SignalParams.defaults().resolveSamples();
        ValidatableResponse recovery = post(array(n + 4, quiet, i -> latency(service, i, normal(i)))).statusCode(202)
                .body("samples[" + (quiet - 1) + "].signals.latencyP95Ms.decision", equalTo("resolve"))
                .body("samples[" + (quiet - 1) + "].alerts[0].status", equalTo("resolved"))
                .body("samples[" + (quiet - 1) + "].alerts[0].outcome", equalTo("resolved"))
                .body("samples[" + (quiet - 1) + "].alerts[0].incidentId", equalTo(incident));
        assertThat(recovery.extract().<String>path("samples[" + (quiet - 1) + "].alerts[0].description"),
                containsString("back within 2.0σ of baseline"));
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint).then().statusCode(200)
                .body("status", equalTo("resolved"));
        // the next sample repeats the resolution once, harmlessly
        post(latency(service, n + 4 + quiet, 300)).statusCode(202)
                .body("samples[0].signals.latencyP95Ms.state", equalTo("normal"))
                .body("samples[0].alerts[0].status", equalTo("resolved"));

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("ir_signal_samples_total{outcome=\"applied\"}"));
        assertThat(metrics, containsString("ir_signal_anomalies_total{decision=\"raise\",signal=\"latencyP95Ms\"}"));
        assertThat(metrics, matchesPattern("(?s).*ir_alerts_received_total\\{[^}]*source=\"signals\".*"));
    }

    @Test
    void aTrafficDropIsAnomalousAndOtherSignalsKeepTheirOwnBaselines() {
        String service = uniqueService("traffic");
        int n = SignalParams.defaults().warmUpSamples() + 5;
        post(array(0, n, i -> String.format(Locale.ROOT,
                "{\"service\":\"%s\",\"at\":\"%s\",\"requestRate\":%.1f,\"errorRate\":0.01,\"saturation\":0.4}",
                service, at(i), 1000 + 30 * Math.sin(i)))).statusCode(202).body("applied", equalTo(3 * n));
        post(array(n, 3, i -> String.format(Locale.ROOT,
                "{\"service\":\"%s\",\"at\":\"%s\",\"requestRate\":120,\"errorRate\":0.01}", service, at(i))))
                .statusCode(202)
                .body("samples[2].signals.requestRate.decision", equalTo("raise"))
                .body("samples[2].signals.requestRate.deviation", org.hamcrest.Matchers.lessThan(-3f))
                .body("samples[2].signals.errorRate.state", equalTo("normal"))
                .body("samples[2].alerts", hasSize(1))
                .body("samples[2].alerts[0].name", equalTo("AnomalousRequestRate"))
                .body("samples[2].alerts[0].description", matchesPattern("requestRate 120 vs baseline 1,0\\d\\d ± .*σ over 3 samples"));
    }

    @Test
    void olderSamplesAreIgnoredAndFutureOnesClampedToNow() {
        String service = uniqueService("order");
        post(latency(service, 10, 300)).statusCode(202).body("applied", equalTo(1));
        post(latency(service, 9, 300)).statusCode(202).body("applied", equalTo(0)).body("ignored", equalTo(1))
                .body("samples[0].signals.latencyP95Ms.state", equalTo("ignored"));
        post(latency(service, 10, 310)).statusCode(202).body("applied", equalTo(1));

        Instant before = Instant.now();
        String clamped = post("{\"service\":\"" + service + "\",\"at\":\"2999-01-01T00:00:00Z\",\"saturation\":0.5}")
                .statusCode(202).extract().path("samples[0].at");
        assertThat(Instant.parse(clamped).isBefore(before.plusSeconds(60)), equalTo(true));
        // absent at is now
        String now = post("{\"service\":\"" + service + "\",\"saturation\":0.5}").statusCode(202)
                .body("applied", equalTo(1)).extract().path("samples[0].at");
        assertThat(Instant.parse(now).compareTo(Instant.parse(clamped)), org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }

    @Test
    void concurrentPostersOfOneServiceRaiseOnce() throws Exception {
        String service = uniqueService("replicas");
        int n = warmUp(service);
        String step = array(n, 3, i -> latency(service, i, 2500));
        int posters = 4;
        CyclicBarrier start = new CyclicBarrier(posters);
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        try {
            List<CompletableFuture<Map<String, Object>>> answers = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return post(step).statusCode(202).extract().<Map<String, Object>>path("");
                }, pool));
            }
            int raises = 0;
            int ignored = 0;
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<Map<String, Object>> f : answers) {
                Map<String, Object> answer = f.get(60, TimeUnit.SECONDS);
                ignored += (Integer) answer.get("ignored");
                for (Object sample : (List<?>) answer.get("samples")) {
                    Map<?, ?> s = (Map<?, ?>) sample;
                    Map<?, ?> judged = (Map<?, ?>) ((Map<?, ?>) s.get("signals")).get("latencyP95Ms");
                    raises += "raise".equals(judged.get("decision")) ? 1 : 0;
                    for (Object alert : (List<?>) s.get("alerts")) {
                        outcomes.add((String) ((Map<?, ?>) alert).get("outcome"));
                    }
                }
            }
            // the row lock serialises the requests: the first applies the step and raises; each other one finds
            // its first two samples older than the last applied, and its third (as recent) re-asserts the alert
            assertThat(raises, equalTo(1));
            assertThat(ignored, equalTo(2 * (posters - 1)));
            List<String> expected = new ArrayList<>(List.of("new"));
            for (int p = 1; p < posters; p++) {
                expected.add("duplicate");
            }
            assertThat(outcomes.stream().sorted(java.util.Comparator.reverseOrder()).toList(), equalTo(expected));
            given().auth().oauth2(VIEWER).queryParam("service", service).when().get("/api/v1/incidents")
                    .then().statusCode(200).body("", hasSize(lessThanOrEqualTo(1)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void retentionPrunesSilentBaselinesButKeepsAnomalousOnes() {
        String quiet = uniqueService("silent");
        String broken = uniqueService("silent-broken");
        post(latency(quiet, 0, 300)).statusCode(202);
        int n = warmUp(broken);
        post(array(n, 3, i -> latency(broken, i, 2000))).statusCode(202)
                .body("samples[2].signals.latencyP95Ms.decision", equalTo("raise"));
        io.irsuite.platform.retention.RetentionRule rule = rules.stream()
                .filter(r -> r.name().equals("signal-baselines")).findFirst().orElseThrow();
        // the rule's own condition, a month and a day later, limited to this test's services
        java.time.OffsetDateTime cutoff = Instant.now().plus(java.time.Duration.ofDays(31)).minus(rule.keep())
                .atOffset(java.time.ZoneOffset.UTC);
        int deleted = pool.preparedQuery("DELETE FROM " + rule.table() + " WHERE service = ANY($2) AND "
                        + rule.condition())
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(cutoff, new String[]{quiet, broken}))
                .await().atMost(java.time.Duration.ofSeconds(30)).rowCount();
        assertThat(deleted, equalTo(1));
        given().auth().oauth2(VIEWER).when().get("/api/v1/signals/" + quiet).then().statusCode(404);
        given().auth().oauth2(VIEWER).when().get("/api/v1/signals/" + broken).then().statusCode(200)
                .body("baselines[0].state", equalTo("anomalous"));
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String service = uniqueService("invalid");
        problem(post("{}")).body("errors.field", equalTo(List.of("service", "signals")));
        problem(post("{\"service\":\"" + service + "\"}")).body("errors.field", equalTo(List.of("signals")))
                .body("detail", containsString("latencyP95Ms, requestRate, errorRate, saturation"));
        problem(post("{\"service\":\"  \",\"latencyP95Ms\":1}")).body("errors.field", equalTo(List.of("service")));
        problem(post("{\"service\":\"" + "x".repeat(201) + "\",\"latencyP95Ms\":1}")).body("errors.field",
                equalTo(List.of("service")));
        problem(post("{\"service\":\"" + service + "\",\"errorRate\":1.5,\"saturation\":-0.1,\"latencyP95Ms\":-1}"))
                .body("errors.field", equalTo(List.of("latencyP95Ms", "errorRate", "saturation")));
        problem(post("{\"service\":\"" + service + "\",\"requestRate\":\"fast\"}"))
                .body("errors[0].field", equalTo("requestRate")).body("errors[0].message", equalTo("must be a number"));
        problem(post("{\"service\":\"" + service + "\",\"at\":\"yesterday\",\"saturation\":0.5}"))
                .body("errors.field", equalTo(List.of("at")));
        problem(post("{\"service\":42,\"at\":17,\"saturation\":0.5}")).body("errors.field", equalTo(List.of("service", "at")));
        // arrays name the element; all or nothing: the valid first sample was not applied either
        problem(post("[" + latency(service, 0, 300) + ",{\"service\":\"" + service + "\",\"errorRate\":-1},"
                + "{\"latencyP95Ms\":5}]"))
                .body("errors.field", equalTo(List.of("[1].errorRate", "[2].service")));
        given().auth().oauth2(VIEWER).when().get("/api/v1/signals/" + service).then().statusCode(404)
                .contentType("application/problem+json");
        problem(post("[" + latency(service, 0, 300) + ",7]")).body("errors.field", equalTo(List.of("[1]")));
        problem(post("[]")).body("detail", containsString("empty"));
        problem(post("42"));
        problem(post("{\"service\":")).body("errors[0].field", equalTo("body"));
        problem(post(latency(service, 0, 300) + " {}")).body("errors[0].field", equalTo("body"));
        problem(post(array(0, 1001, i -> latency(service, i, 300)))).body("detail", containsString("at most 1000"));
        // NUL characters, which PostgreSQL cannot store, anywhere in the body
        problem(post("{\"service\":\"a\\u0000b\",\"latencyP95Ms\":1}")).body("errors[0].field", equalTo("service"));
        problem(post("[" + latency(service, 0, 300) + ",{\"service\":\"x\",\"at\":\"\\u0000\",\"latencyP95Ms\":1}]"))
                .body("errors[0].field", equalTo("[1].at"));
        problem(post("{\"service\":\"x\",\"latencyP95Ms\":1,\"note\\u0000\":1}"));
        // unknown fields are ignored, as for alerts
        post("{\"service\":\"" + service + "\",\"latencyP95Ms\":300,\"region\":\"eu-west-1\"}").statusCode(202)
                .body("applied", equalTo(1));
    }

    /** Within 10 of {@code value}: JSON numbers come back as floats. */
    static org.hamcrest.Matcher<Float> near(float value) {
        return org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThan(value - 10),
                org.hamcrest.Matchers.lessThan(value + 10));
    }

    static ValidatableResponse problem(ValidatableResponse r) {
        return r.statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors", everyItem(notNullValue()));
    }

    @Test
    void postingNeedsTheIngestRoleAndReadingTheViewerRole() {
        String service = uniqueService("auth-signals");
        String body = latency(service, 0, 300);
        given().contentType("application/json").body(body).when().post("/api/v1/signals").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", equalTo("Bearer"));
        post("wrong-token", body).statusCode(401);
        post(VIEWER, body).statusCode(403).contentType("application/problem+json");
        post(RESPONDER, body).statusCode(403);
        post(ADMIN, latency(service, 1, 300)).statusCode(202);
        post(INGEST, latency(service, 2, 300)).statusCode(202);
        given().auth().oauth2(INGEST).when().get("/api/v1/signals/" + service).then().statusCode(403);
        given().when().get("/api/v1/signals/" + service).then().statusCode(401);
        given().auth().oauth2(VIEWER).when().get("/api/v1/signals/" + service).then().statusCode(200)
                .body("service", equalTo(service))
                .body("baselines.signal", hasItem("latencyP95Ms"))
                .body("baselines[0].samples", equalTo(2))
                .body("baselines[0].state", equalTo("warming-up"))
                .body("baselines[0].lastAt", equalTo(at(2)));
    }
}
