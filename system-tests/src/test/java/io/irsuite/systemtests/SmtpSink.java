package io.irsuite.systemtests;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.irsuite.localstack.LocalStack;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server in the test JVM (GreenMail, plain SMTP on a free loopback port, no authentication) that
 * comms' mailer is pointed at, and what arrived, read as a person's mail client shows it.
 */
final class SmtpSink implements AutoCloseable {

    /** One message as received: the recipient, subject, the plain-text part and the headers the tests read. */
    record Mail(String to, String subject, String text, String deliveryId, String incidentId, String messageId, String from) {
    }

    private final GreenMail greenMail;
    private final int port;

    private SmtpSink(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    static SmtpSink start() throws java.io.IOException {
        int port = LocalStack.freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, LocalStack.HOST, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        return new SmtpSink(greenMail, port);
    }

    int port() {
        return port;
    }

    /** What comms needs to send here ({@code quarkus.mailer.*} as environment variables). */
    Map<String, String> mailerEnvironment(String from) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_MAILER_HOST", LocalStack.HOST);
        env.put("QUARKUS_MAILER_PORT", Integer.toString(port));
        env.put("QUARKUS_MAILER_FROM", from);
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("QUARKUS_MAILER_MOCK", "false");
        return env;
    }

    /** Every message received so far, oldest first. */
    List<Mail> all() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            mails.add(read(m));
        }
        return mails;
    }

    /** The messages to {@code address} about {@code incidentId} (header {@code X-IR-Incident-Id}). */
    List<Mail> to(String address, String incidentId) {
        return all().stream().filter(m -> m.to().equalsIgnoreCase(address) && incidentId.equals(m.incidentId())).toList();
    }

    private static Mail read(MimeMessage m) {
        try {
            String to = m.getRecipients(Message.RecipientType.TO) == null ? ""
                    : String.join(",", Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList());
            return new Mail(to, m.getSubject(), plainText(m.getContent()), m.getHeader("X-IR-Delivery-Id", null),
                    m.getHeader("X-IR-Incident-Id", null), m.getMessageID(),
                    m.getFrom() == null || m.getFrom().length == 0 ? "" : m.getFrom()[0].toString());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("unreadable message", e);
        }
    }

    /** The first text/plain part (decoded), or the content itself when it is a string. */
    private static String plainText(Object content) throws MessagingException, IOException {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return String.valueOf(part.getContent());
                }
                if (part.getContent() instanceof Multipart nested) {
                    String text = plainText(nested);
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
        }
        return "";
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
