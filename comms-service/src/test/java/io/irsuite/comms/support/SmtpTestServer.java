package io.irsuite.comms.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SMTP endpoint comms' mailer is pointed at, on one fixed loopback port: a real GreenMail SMTP server
 * that stores what arrives ({@link #up}), nothing at all so connections are refused ({@link #down}), or a
 * scripted server that answers every {@code RCPT TO} with a given reply ({@link #rejecting}).
 */
public final class SmtpTestServer {

    private final int port;
    private GreenMail greenMail;
    private Rejecting rejecting;

    private SmtpTestServer(int port) {
        this.port = port;
    }

    /** GreenMail on a free loopback port. */
    public static SmtpTestServer start() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpTestServer server = new SmtpTestServer(probe.getLocalPort());
            probe.close();
            server.up();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the SMTP server", e);
        }
    }

    public int port() {
        return port;
    }

    /** A real SMTP server accepts and stores every message (a new, empty one after {@link #down}). */
    public synchronized void up() {
        if (greenMail != null) {
            return;
        }
        down();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            GreenMail candidate = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            try {
                candidate.start();
                greenMail = candidate;
                return;
            } catch (RuntimeException e) {
                candidate.stop();
                if (Instant.now().isAfter(deadline)) {
                    throw e; // the port stayed taken
                }
            }
        }
    }

    /** Nothing listens: connections are refused. */
    public synchronized void down() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
        if (rejecting != null) {
            rejecting.close();
            rejecting = null;
        }
    }

    /** A server that answers every recipient with {@code reply}, e.g. {@code 550 5.1.1 mailbox unavailable}. */
    public synchronized void rejecting(String reply) {
        down();
        try {
            rejecting = new Rejecting(port, reply);
        } catch (IOException e) {
            throw new IllegalStateException("could not listen on " + port, e);
        }
    }

    /** How many {@code RCPT TO} for {@code address} the rejecting server has refused. */
    public synchronized long refused(String address) {
        return rejecting == null ? 0 : rejecting.recipients.stream().filter(r -> r.contains(address)).count();
    }

    /** What the running GreenMail received for {@code address}, in order. */
    public synchronized List<MimeMessage> messagesTo(String address) {
        if (greenMail == null) {
            return List.of();
        }
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> addressedTo(m, address)).toList();
    }

    private static boolean addressedTo(MimeMessage m, String address) {
        try {
            return m.getRecipients(Message.RecipientType.TO) != null && Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            return false;
        }
    }

    /** Just enough SMTP to get to RCPT TO and refuse it. */
    private static final class Rejecting implements AutoCloseable {
        private final ServerSocket socket;
        private final String reply;
        private final List<String> recipients = new CopyOnWriteArrayList<>();
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        Rejecting(int port, String reply) throws IOException {
            this.reply = reply;
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread acceptor = new Thread(this::accept, "smtp-rejecting-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.add(s);
                    Thread t = new Thread(() -> converse(s), "smtp-rejecting-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void converse(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                 Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII)) {
                say(out, "220 rejecting.test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                    switch (verb) {
                        case "EHLO", "HELO" -> say(out, "250 rejecting.test");
                        case "MAIL", "RSET", "NOOP" -> say(out, "250 2.0.0 OK");
                        case "RCPT" -> {
                            recipients.add(line);
                            say(out, reply);
                        }
                        case "QUIT" -> {
                            say(out, "221 2.0.0 bye");
                            return;
                        }
                        default -> say(out, "503 5.5.1 no recipient accepted");
                    }
                }
            } catch (IOException ignored) {
                // the client hung up
            }
        }

        private static void say(Writer out, String line) throws IOException {
            out.write(line + "\r\n");
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
            connections.forEach(c -> {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // already closed
                }
            });
        }
    }
}
