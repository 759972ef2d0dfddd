package io.irsuite.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Kubernetes Service does for its pods (kube-proxy), for the replicas of one local service: a
 * TCP listener that hands each new client connection to the next backend in turn, skipping a
 * backend that refuses the connection, and then copies bytes both ways until both sides are done.
 * An end of stream from one side is passed on as a half-close to the other; an error on either side
 * closes both. Two threads per connection, at most {@link #MAX_CONNECTIONS} connections at a time
 * (further clients wait in the listen backlog).
 */
public final class RoundRobinFront implements AutoCloseable {

    /** Concurrent client connections; the local suite's clients need far fewer. */
    public static final int MAX_CONNECTIONS = 256;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int BUFFER = 16 * 1024;

    private final String name;
    private final ServerSocket server;
    private final List<InetSocketAddress> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps;
    private final Thread acceptor;
    private volatile boolean closed;

    private RoundRobinFront(String name, ServerSocket server, List<InetSocketAddress> backends) {
        this.name = name;
        this.server = server;
        this.backends = List.copyOf(backends);
        AtomicInteger threads = new AtomicInteger();
        // no queue: a pump always gets its own thread; the semaphore bounds them (a margin for threads still unwinding)
        this.pumps = new ThreadPoolExecutor(0, 2 * MAX_CONNECTIONS + 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(null, r, "front-" + name + "-" + threads.incrementAndGet(), 256 * 1024);
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "front-" + name + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code host:port} (0 for a free port) and forwards to {@code backends}.
     *
     * @throws IOException if the port cannot be bound
     */
    public static RoundRobinFront start(String name, String host, int port, List<InetSocketAddress> backends)
            throws IOException {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("a front needs at least one backend");
        }
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException(name + ": cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        RoundRobinFront front = new RoundRobinFront(name, server, backends);
        front.acceptor.start();
        return front;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Client connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Sockets (client and backend sides) currently open. */
    public int openSockets() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client = null;
            try {
                slots.acquire();
                client = server.accept();
                accepted.incrementAndGet();
                Socket accepted = client;
                open.add(accepted);
                pumps.execute(() -> connect(accepted));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RejectedExecutionException e) {
                // closed, or the pool is shutting down: nothing more to accept
                if (client != null) {
                    release(client, null);
                } else {
                    slots.release();
                }
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Connects to the next backend that accepts, then copies both ways. */
    private void connect(Socket client) {
        int start = Math.floorMod(next.getAndIncrement(), backends.size());
        Socket backend = null;
        for (int i = 0; i < backends.size() && backend == null && !closed; i++) {
            Socket attempt = new Socket();
            open.add(attempt);
            try {
                attempt.connect(backends.get((start + i) % backends.size()), CONNECT_TIMEOUT_MS);
                backend = attempt;
            } catch (IOException refusedOrTimedOut) {
                // a dead or not yet listening replica: the next one
                closeQuietly(attempt);
            }
        }
        if (backend == null) {
            release(client, null); // no replica takes it: the client sees its connection closed
            return;
        }
        try {
            client.setTcpNoDelay(true);
            backend.setTcpNoDelay(true);
        } catch (SocketException ignored) {
            // only a latency hint
        }
        Pair pair = new Pair(client, backend);
        Socket to = backend;
        try {
            pumps.execute(() -> pump(pair, to, client));
        } catch (RejectedExecutionException e) {
            release(client, backend);
            return;
        }
        pump(pair, client, to);
    }

    /** Copies {@code from} to {@code to}; end of stream becomes a half-close of {@code to}. */
    private void pump(Pair pair, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            pair.done();
        } catch (IOException e) {
            // a reset, a killed peer or close(): nothing more goes either way
            pair.abort();
        }
    }

    private final class Pair {
        private final Socket client;
        private final Socket backend;
        private final AtomicInteger running = new AtomicInteger(2);
        private final AtomicBoolean released = new AtomicBoolean();

        Pair(Socket client, Socket backend) {
            this.client = client;
            this.backend = backend;
        }

        /** One direction ended cleanly; once both have, the sockets go. */
        void done() {
            if (running.decrementAndGet() == 0) {
                abort();
            }
        }

        /** Closes both sockets, which also ends the other direction's blocked read. */
        void abort() {
            if (released.compareAndSet(false, true)) {
                release(client, backend);
            }
        }
    }

    private void release(Socket client, Socket backend) {
        closeQuietly(client);
        if (backend != null) {
            closeQuietly(backend);
        }
        slots.release();
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        } finally {
            open.remove(socket);
        }
    }

    /** Stops accepting and closes every connection it holds. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        acceptor.interrupt();
        for (Socket socket : open.toArray(new Socket[0])) {
            closeQuietly(socket);
        }
        pumps.shutdown();
        try {
            pumps.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "front " + name + " on " + server.getLocalSocketAddress() + " over " + backends;
    }
}
