package io.irsuite.comms.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: a real SMTP server (GreenMail) in the test JVM on a free loopback port, with
 * {@code quarkus.mailer.*} pointed at it and mock mode off. One server per test JVM, so the application
 * boots once per module; tests reach it through {@link #smtp()}.
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    /** The {@code From} address the tests expect: it comes from configuration only. */
    public static final String FROM = "ir-suite@comms.test";

    private static SmtpTestServer smtp;

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtp().port()),
                "quarkus.mailer.from", FROM,
                "quarkus.mailer.start-tls", "DISABLED");
    }

    public static synchronized SmtpTestServer smtp() {
        if (smtp == null) {
            smtp = SmtpTestServer.start();
        }
        return smtp;
    }

    @Override
    public void stop() {
        // Like the local stack, the server outlives one application start and ends with the JVM.
    }
}
