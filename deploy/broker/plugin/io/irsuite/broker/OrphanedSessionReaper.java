package io.irsuite.broker;

import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Closes the sessions and consumers whose connection is gone. When Artemis (2.44) itself closes a client's
 * AMQP connection with an error (e.g. AMQ229027, a settlement it cannot match), the connection goes away but
 * its sessions and consumers can stay registered, holding the messages they were given (and, through message
 * groups, every later message of those incidents): the queue's other consumers never get them until the
 * broker restarts. Every second the broker's consumers and sessions are checked against its live connections;
 * one found without its connection on two checks in a row is closed, so its unacknowledged messages return to
 * the queue and its groups are free again. Checking, rather than reacting to the connection's end, also catches
 * what is left behind when that end is not reported or the session was already unregistered.
 *
 * <p>One source for both brokers: the local stack compiles it in (module {@code local-stack}); the
 * {@code deploy/broker} StatefulSet compiles it at start against the image's Artemis (start.sh) and
 * registers it in broker.xml. So it uses nothing but Artemis and the JDK.
 */
public final class OrphanedSessionReaper implements ActiveMQServerConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(OrphanedSessionReaper.class.getName());
    private static final long CHECK_MILLIS = 1_000;

    private final AtomicBoolean checking = new AtomicBoolean();
    /** What the last check found without a connection: closed if the next check finds it so again. */
    private Set<String> suspects = new HashSet<>();
    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        // the broker's scheduled pool exists once it accepts connections
        ActiveMQServer broker = server;
        if (broker != null && checking.compareAndSet(false, true)) {
            broker.getScheduledPool().scheduleWithFixedDelay(() -> check(broker), CHECK_MILLIS, CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void check(ActiveMQServer broker) {
        try {
            Set<Object> live = new HashSet<>();
            for (RemotingConnection c : broker.getRemotingService().getConnections()) {
                live.add(c.getID());
            }
            Set<String> orphans = new HashSet<>();
            for (ServerSession session : broker.getSessions()) {
                if (!live.contains(session.getConnectionID())) {
                    String key = "session " + session.getName();
                    orphans.add(key);
                    if (suspects.contains(key)) {
                        close(session, session.getConnectionID());
                    }
                }
            }
            // a consumer whose connection is gone and whose session the broker no longer lists (the loop above closes
            // the consumers of the sessions it lists)
            List<ServerConsumer> unlisted = broker.getPostOffice().getAllBindings()
                    .filter(b -> b instanceof QueueBinding).map(b -> ((QueueBinding) b).getQueue())
                    .flatMap(q -> q.getConsumers().stream()).filter(c -> c instanceof ServerConsumer)
                    .map(c -> (ServerConsumer) c).filter(c -> !live.contains(c.getConnectionID()))
                    .filter(c -> broker.getSessionByID(c.getSessionID()) == null).toList();
            for (ServerConsumer consumer : unlisted) {
                String key = "consumer " + consumer.getSessionID() + "/" + consumer.getID();
                orphans.add(key);
                if (suspects.contains(key)) {
                    LOG.warning("closing " + key + " on " + consumer.getQueue().getName() + " left by closed connection "
                            + consumer.getConnectionID());
                    consumer.close(false);
                }
            }
            suspects = orphans;
        } catch (Exception e) {
            LOG.warning("checking for sessions left by closed connections failed: " + e);
        }
    }

    private static void close(ServerSession session, Object connectionId) {
        try {
            LOG.warning("closing session " + session.getName() + " left open by closed connection " + connectionId);
            // not as failed: the client never got to settle its messages, which says nothing about them
            session.close(false);
        } catch (Exception e) {
            LOG.warning("could not close session " + session.getName() + " of connection " + connectionId + ": " + e);
        }
    }
}
