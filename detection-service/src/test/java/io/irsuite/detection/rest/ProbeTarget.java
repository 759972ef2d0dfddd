package io.irsuite.detection.rest;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP server that synthetic checks probe: answers the status it is told to and counts requests. */
final class ProbeTarget implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String location;

    private ProbeTarget(InetSocketAddress address) {
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String to = location;
            if (to != null) {
                exchange.getResponseHeaders().add("Location", to);
            }
            byte[] body = "body the probe never reads".getBytes();
            exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Listens on 127.0.0.1. */
    static ProbeTarget loopback() {
        return new ProbeTarget(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Listens on every address (so {@code localhost} reaches it whichever address it resolves to). */
    static ProbeTarget anyAddress() {
        return new ProbeTarget(new InetSocketAddress(0));
    }

    ProbeTarget respond(int status) {
        this.status = status;
        this.location = null;
        return this;
    }

    ProbeTarget redirect(int status, String location) {
        this.status = status;
        this.location = location;
        return this;
    }

    int requests() {
        return requests.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
