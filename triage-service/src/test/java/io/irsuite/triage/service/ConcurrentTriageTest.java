package io.irsuite.triage.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Addresses;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.Payloads;
import io.irsuite.triage.support.Broker;
import io.irsuite.triage.support.Events;
import io.irsuite.triage.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several consumers (as N replicas would) apply alerts of one incident at the same time: the
 * incident's row lock makes them emit versions 1..N+1, each exactly once.
 */
@QuarkusTest
class ConcurrentTriageTest {

    @Inject
    TriageService triage;

    @Inject
    ObjectMapper mapper;

    private Boolean applyOnOwnContext(String json) throws Throwable {
        EventEnvelope envelope = mapper.readValue(json, EventEnvelope.class);
        return VertxContextSupport.subscribeAndAwait(() -> triage.apply(envelope));
    }

    @Test
    void concurrentAlertsGetConsecutiveDistinctVersions() throws Exception {
        String svc = "conc-" + UUID.randomUUID().toString().substring(0, 8);
        UUID incidentId = UUID.randomUUID();
        Events events = new Events(mapper);
        int parallel = 4;

        try (Broker broker = Broker.connect();
             Broker.Reader comms = broker.read(Addresses.fqqn(Addresses.INCIDENT_EVENTS, "comms"))) {
            String opened = events.opened(incidentId, Events.alert(svc, "HighErrorRate", Instant.now(), null));
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Callable<Boolean>> tasks = new ArrayList<>();
                tasks.add(() -> {
                    try {
                        return applyOnOwnContext(opened);
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                });
                IntStream.range(0, parallel).forEach(i -> {
                    String attached = events.attached(incidentId,
                            Events.alert(svc, "Alert" + i, Instant.now(), null), List.of(svc), i + 2);
                    tasks.add(() -> {
                        try {
                            return applyOnOwnContext(attached);
                        } catch (Throwable t) {
                            throw new IllegalStateException(t);
                        }
                    });
                });
                List<Future<Boolean>> results = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
                for (Future<Boolean> result : results) {
                    assertTrue(result.get(), "every event triaged, none lost to a version clash");
                }
            } finally {
                pool.shutdownNow();
            }

            given().auth().oauth2(Tokens.VIEWER).when().get("/api/v1/incidents/" + incidentId + "/triage")
                    .then().statusCode(200).body("version", equalTo(parallel + 1));
            List<JsonObject> emitted = comms.awaitMatching(e -> "IncidentTriaged".equals(e.getString("type"))
                    && incidentId.toString().equals(e.getString("incidentId")), parallel + 1, Duration.ofSeconds(30));
            assertEquals(IntStream.rangeClosed(1, parallel + 1).boxed().toList(),
                    emitted.stream().map(e -> e.getJsonObject("payload").getInteger("version")).sorted().toList());
            Payloads.IncidentTriaged last = mapper.treeToValue(mapper.readTree(emitted.stream()
                    .filter(e -> e.getJsonObject("payload").getInteger("version") == parallel + 1)
                    .findFirst().orElseThrow().encode()).get("payload"), Payloads.IncidentTriaged.class);
            assertEquals(svc, last.rootCause().service());
        }
    }
}
