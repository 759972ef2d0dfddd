package io.irsuite.broker;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Closes the sessions a destroyed AMQP connection left open. When Artemis (2.44) itself closes a client's
 * AMQP connection with an error (e.g. AMQ229027, a settlement it cannot match), the connection goes away but
 * its sessions and consumers stay registered, holding the messages they were given: the queue's other
 * consumers never get them until the broker restarts. Once a connection is destroyed, whatever session is
 * still open for it is closed, so its unacknowledged messages return to the queue and are redelivered.
 *
 * <p>One source for both brokers: the local stack compiles it in (module {@code local-stack}); the
 * {@code deploy/broker} StatefulSet compiles it at start against the image's Artemis (start.sh) and
 * registers it in broker.xml. So it uses nothing but Artemis and the JDK.
 */
public final class OrphanedSessionReaper implements ActiveMQServerConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(OrphanedSessionReaper.class.getName());
    /** The broker's own close runs first; only what it left behind is reaped. */
    private static final long GRACE_MILLIS = 500;

    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void afterDestroyConnection(RemotingConnection connection) {
        ActiveMQServer broker = server;
        if (broker == null) {
            return;
        }
        String id = connection.getID().toString();
        broker.getScheduledPool().schedule(() -> reap(broker, id), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void reap(ActiveMQServer broker, String connectionId) {
        List<ServerSession> left = broker.getSessions(connectionId);
        for (ServerSession session : left) {
            try {
                LOG.warning("closing session " + session.getName() + " left open by destroyed connection " + connectionId);
                // not as failed: the client never got to settle them, which says nothing about the messages
                session.close(false);
            } catch (Exception e) {
                LOG.warning("could not close session " + session.getName() + " of connection " + connectionId + ": " + e);
            }
        }
    }
}
