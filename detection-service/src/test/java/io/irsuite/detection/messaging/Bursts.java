package io.irsuite.detection.messaging;

import io.irsuite.platform.testing.TestBroker;

import java.time.Duration;

import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.postAlerts;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

/** Many new alerts of one service in one request, and their incident as detection's events name it. */
final class Bursts {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private Bursts() {
    }

    /**
     * {@code n} new alerts of {@code service} (named prefix0, prefix1, ...) in one request; their incident, from the
     * IncidentOpened that {@code events} (a queue detection publishes to) receives.
     */
    static String burst(TestBroker.Reader events, String service, String prefix, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append(alert(service, prefix + i, "warning", "firing"));
        }
        postAlerts(body.append(']').toString()).statusCode(202);
        // a new alert's 202 names no incident: its IncidentOpened does
        return await().atMost(DEADLINE).until(() -> events.all().stream()
                .filter(e -> "IncidentOpened".equals(e.getString("type"))
                        && service.equals(e.getJsonObject("payload").getJsonObject("alert").getString("service")))
                .map(e -> e.getString("incidentId")).findFirst().orElse(null), notNullValue());
    }
}
