package io.irsuite.comms.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A Quarkus application of its own for a test that damages the one it runs in (e.g. fails its broker
 * connections over and over), so that the module's other tests never run on what it left behind.
 */
public class OwnApplication implements QuarkusTestProfile {
}
