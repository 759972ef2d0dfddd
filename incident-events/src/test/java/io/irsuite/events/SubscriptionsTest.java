package io.irsuite.events;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionsTest {

    @Test
    void aFilterLetsThroughTheServicesTypesAndUnlabelledMessages() {
        assertEquals("eventType IS NULL OR eventType IN ('IncidentOpened', 'AlertAttached', 'AlertResolved', 'IncidentResolved', 'IncidentReopened', 'IncidentTriaged')",
                Subscriptions.filter("remediation"));
        assertNull(Subscriptions.filter("comms"), "comms records every type");
    }

    @Test
    void detectionHearsOfPagesAcknowledgedThroughCommsLink() {
        assertEquals("eventType IS NULL OR eventType IN ('IncidentTriaged', 'RemediationStarted', 'RemediationSucceeded', 'RemediationFailed', 'RemediationRolledBack', 'PageAcknowledged')",
                Subscriptions.filter("detection"));
    }

    @Test
    void everyConsumerOfIncidentEventsHasASubscriptionAndNoOneElse() {
        for (String service : Addresses.INCIDENT_CONSUMERS) {
            assertTrue(EnumSet.allOf(EventType.class).containsAll(Subscriptions.of(service)));
        }
        assertThrows(IllegalArgumentException.class, () -> Subscriptions.of("billing"));
    }
}
