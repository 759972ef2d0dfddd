package io.irsuite.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The front on loopback sockets: turns, skipping a refusing backend, half-close, nothing left open. */
class RoundRobinFrontTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void eachNewConnectionGoesToTheNextBackendAndHalfCloseCarriesTheRequestsEnd() throws Exception {
        RoundRobinFront front = front(backend("a").address(), backend("b").address(), backend("c").address());
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(exchange(front, "ping " + i));
        }
        // a backend answers only once it has read the client's end of stream, passed on as a half-close
        assertEquals(List.of("a:ping 0", "b:ping 1", "c:ping 2", "a:ping 3", "b:ping 4", "c:ping 5"), answers);
        await().atMost(Duration.ofSeconds(5)).until(() -> front.openSockets() == 0);
        assertEquals(6, front.accepted());
    }

    @Test
    void aBackendThatRefusesIsSkipped() throws Exception {
        RoundRobinFront front = front(backend("a").address(), refusingAddress());
        for (int i = 0; i < 4; i++) {
            assertEquals("a:x", exchange(front, "x"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> front.openSockets() == 0);
    }

    @Test
    void noBackendMeansTheClientSeesItsConnectionClosed() throws Exception {
        RoundRobinFront front = front(refusingAddress());
        assertEquals("", exchange(front, "x"));
        await().atMost(Duration.ofSeconds(5)).until(() -> front.openSockets() == 0);
    }

    @Test
    void aBackendDyingMidConnectionClosesTheClient() throws Exception {
        try (ServerSocket dying = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RoundRobinFront front = RoundRobinFront.start("t", "127.0.0.1", 0,
                    List.of(new InetSocketAddress("127.0.0.1", dying.getLocalPort())));
            toClose.add(front);
            try (Socket client = new Socket("127.0.0.1", front.port())) {
                client.setSoTimeout(5_000);
                client.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                try (Socket accepted = dying.accept()) {
                    accepted.setSoLinger(true, 0); // a reset, as from a killed process with unread data
                }
                assertEquals(-1, readOrEnd(client.getInputStream()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> front.openSockets() == 0);
        }
    }

    private RoundRobinFront front(InetSocketAddress... backends) throws IOException {
        RoundRobinFront front = RoundRobinFront.start("t", "127.0.0.1", 0, List.of(backends));
        toClose.add(front);
        return front;
    }

    /**
     * Like a replica after kill -9: a port that was listening and now refuses. No thread ever accepts on it (closing a
     * backend whose thread sits in accept once let that thread answer a connection in CI).
     */
    private static InetSocketAddress refusingAddress() throws IOException {
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", gone.getLocalPort());
        }
    }

    /** Sends {@code request}, half-closes, and reads the whole answer. */
    private static String exchange(RoundRobinFront front, String request) throws IOException {
        try (Socket client = new Socket("127.0.0.1", front.port())) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int readOrEnd(InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {
            return -1;
        }
    }

    private Backend backend(String id) throws IOException {
        Backend b = new Backend(id);
        toClose.add(b);
        return b;
    }

    /** Reads a connection to its end, then answers {@code id:} and what it read, and closes. */
    private static final class Backend implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread;

        Backend(String id) throws IOException {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        ByteArrayOutputStream read = new ByteArrayOutputStream();
                        s.getInputStream().transferTo(read);
                        s.getOutputStream().write((id + ":" + read.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    } catch (IOException closed) {
                        // the test is over, or the front went away
                    }
                }
            }, "backend-" + id);
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
