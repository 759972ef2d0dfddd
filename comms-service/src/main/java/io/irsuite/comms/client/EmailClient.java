package io.irsuite.comms.client;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.DeliveryOutcome;
import io.irsuite.comms.domain.EmailNotification;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Sends e-mail through the reactive mailer to the SMTP server of {@code quarkus.mailer.*} (the {@code From}
 * address is {@code quarkus.mailer.from}); never blocks the event loop.
 */
@ApplicationScoped
public class EmailClient {

    private final ReactiveMailer mailer;
    private final Duration timeout;

    public EmailClient(ReactiveMailer mailer, IrConfig config) {
        this.mailer = mailer;
        this.timeout = config.comms().emailTimeout();
    }

    /** Delivered once the server accepted the message; its negative replies and silence are classified. */
    public Uni<DeliveryOutcome> send(EmailNotification email) {
        Mail mail = Mail.withText(email.to(), email.subject(), email.text()).setHtml(email.html());
        email.headers().forEach(mail::addHeader);
        return mailer.send(mail)
                .ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("no answer from the SMTP server within " + timeout.toSeconds() + " s"))
                .map(ignored -> DeliveryOutcome.ok())
                .onFailure().recoverWithItem(EmailClient::outcomeOf);
    }

    /** SMTP replies by their code; a message the client refuses to build is permanent; the rest is temporary. */
    static DeliveryOutcome outcomeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return DeliveryOutcome.ofSmtpReply(smtp.getReplyCode(), smtp.getReplyMessage());
            }
            if (t instanceof IllegalArgumentException) {
                return DeliveryOutcome.permanent("e-mail not sendable: " + t.getMessage());
            }
        }
        String message = failure.getMessage();
        return DeliveryOutcome.unreachable(message == null ? failure.getClass().getSimpleName() : message);
    }
}
