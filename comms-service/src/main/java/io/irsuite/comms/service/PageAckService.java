package io.irsuite.comms.service;

import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.paging.AckTokens;
import io.irsuite.comms.domain.paging.Escalation;
import io.irsuite.comms.domain.paging.Page;
import io.irsuite.comms.domain.paging.PageView;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.platform.problem.ConflictException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A page's one-time acknowledge link. Looking at it ({@link #check}) changes nothing; using it ({@link #acknowledge})
 * takes the link with one conditional {@code UPDATE ... RETURNING} (single use even with replicas racing), stops the
 * page's escalation if it still walks, cancels its pages not sent yet and writes {@code PageAcknowledged} to the
 * outbox, all in one transaction, so detection acknowledges the incident too.
 */
@ApplicationScoped
public class PageAckService {

    public static final String NO_SUCH_LINK = "no such acknowledge link";

    /** What the confirmation page shows: the incident's title only. */
    public record LinkCheck(String incidentTitle) {
    }

    /** The page after a use of its link; {@code stoppedNow}: this use stopped the escalation. */
    public record Acknowledged(PageView page, String incidentTitle, boolean stoppedNow) {
    }

    private final PagingService paging;
    private final IncidentStateCodec codec;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public PageAckService(PagingService paging, IncidentStateCodec codec, Outbox outbox, OutboxRelay relay) {
        this.paging = paging;
        this.codec = codec;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** 404 for an unknown page or a wrong token (the same answer: nothing revealed), 409 once used or expired. */
    @WithSession
    public Uni<LinkCheck> check(UUID pageId, String token) {
        Instant now = Instant.now();
        return Page.<Page>findById(pageId).chain(page -> {
            RuntimeException refused = refusal(page, token, now);
            if (refused != null) {
                return Uni.createFrom().failure(refused);
            }
            return title(page.incidentId).map(LinkCheck::new);
        });
    }

    /** Uses the link once (see the class); the outbox relay is kicked after the commit. */
    public Uni<Acknowledged> acknowledge(UUID pageId, String token) {
        return acknowledgeInTransaction(pageId, token).invoke(relay::kick);
    }

    @WithTransaction
    Uni<Acknowledged> acknowledgeInTransaction(UUID pageId, String token) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!AckTokens.plausible(token)) {
            return Uni.createFrom().failure(new NotFoundException(NO_SUCH_LINK));
        }
        // the database decides who takes the link: of two racing uses, one updates the row, the other finds it used
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        UPDATE page SET token_used_at = :now
                        WHERE id = :id AND token_hash = :hash AND token_used_at IS NULL AND token_expires_at > :now
                        RETURNING escalation_id""", UUID.class)
                .setParameter("now", now).setParameter("id", pageId).setParameter("hash", AckTokens.hash(token))
                .getResultList()).chain(taken -> taken.isEmpty()
                ? Page.<Page>findById(pageId).chain(page -> Uni.createFrom().failure(Objects.requireNonNullElseGet(
                        refusal(page, token, now), () -> new ConflictException("this acknowledge link cannot be used"))))
                : Page.<Page>findById(pageId).chain(page -> use(page, now)));
    }

    private Uni<Acknowledged> use(Page page, Instant now) {
        String by = page.user != null ? page.user : "channel " + page.channel;
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        UPDATE escalation SET status = 'acknowledged', acknowledged_at = :now, acknowledged_by = :by,
                                              next_fire_at = NULL, stopped_at = :now
                        WHERE id = :id AND status = 'active'""")
                .setParameter("now", now).setParameter("by", by).setParameter("id", page.escalationId)
                .executeUpdate()).chain(updated -> {
            boolean stoppedNow = updated == 1;
            Uni<Integer> cancelled = stoppedNow
                    ? paging.cancelPendingPages(page.incidentId, page.escalationId, "acknowledged by " + by
                    + " through the level " + page.level + " page's link", now)
                    : Uni.createFrom().item(0);
            // the event reaches detection (which acknowledges the incident) and comms' own timeline
            return cancelled.chain(() -> outbox.add(EventType.PageAcknowledged, page.incidentId,
                            new Payloads.PageAcknowledged(page.id, by, page.user, page.level, now)))
                    .chain(() -> Escalation.<Escalation>findById(page.escalationId))
                    .chain(e -> title(page.incidentId).map(title -> {
                        Log.infof("incident %s: page %s acknowledged by %s through its link%s", page.incidentId,
                                page.id, by, stoppedNow ? ", escalation stopped" : " (escalation already " + e.status + ")");
                        return new Acknowledged(PagingService.view(page, e), title, stoppedNow);
                    }));
        });
    }

    /** Why the link does not work, or null when it does. */
    private static RuntimeException refusal(Page page, String token, Instant now) {
        if (page == null || !AckTokens.matches(token, page.tokenHash)) {
            return new NotFoundException(NO_SUCH_LINK);
        }
        if (page.tokenUsedAt != null) {
            return new ConflictException("this acknowledge link was already used (" + page.tokenUsedAt + ")");
        }
        if (!page.tokenExpiresAt.isAfter(now)) {
            return new ConflictException("this acknowledge link has expired (" + page.tokenExpiresAt + ")");
        }
        return null;
    }

    private Uni<String> title(UUID incidentId) {
        return IncidentView.<IncidentView>findById(incidentId)
                .map(v -> v == null ? "incident " + incidentId : codec.toState(v).displayTitle());
    }
}
