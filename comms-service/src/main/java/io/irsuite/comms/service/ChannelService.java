package io.irsuite.comms.service;

import io.irsuite.comms.domain.Channel;
import io.irsuite.comms.domain.ChannelRules;
import io.irsuite.comms.domain.Severity;
import io.irsuite.comms.repository.ChannelRepository;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Creates, replaces and deletes notification channels. */
@ApplicationScoped
public class ChannelService {

    /** The stored channel and whether it was created (201) or replaced (200). */
    public record Saved(Channel channel, boolean created) {
    }

    private final ChannelRepository channels;

    public ChannelService(ChannelRepository channels) {
        this.channels = channels;
    }

    @WithTransaction
    public Uni<Saved> put(String name, String type, String url, String address, String minSeverity) {
        List<FieldError> errors = ChannelRules.check(name, type, url, address, minSeverity);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInputException(errors));
        }
        String severity = minSeverity == null ? Severity.SEV4.name()
                : Severity.parse(minSeverity).orElseThrow().name();
        boolean email = "email".equals(type);
        return channels.findById(name).chain(existing -> {
            Instant now = Instant.now();
            Channel c = existing != null ? existing : new Channel();
            c.name = name;
            c.type = type;
            c.url = email ? null : url.strip();
            c.address = email ? normaliseAddress(address) : null;
            c.minSeverity = severity;
            c.updatedAt = now;
            if (existing == null) {
                c.createdAt = now;
                Log.infof("channel %s created (%s, minSeverity %s)", name, type, severity);
                return c.persist().replaceWith(new Saved(c, true));
            }
            Log.infof("channel %s replaced (%s, minSeverity %s)", name, type, severity);
            return Uni.createFrom().item(new Saved(c, false));
        });
    }

    /** The domain of an e-mail address is case-insensitive, its local part is not. */
    static String normaliseAddress(String address) {
        String a = address.strip();
        int at = a.lastIndexOf('@');
        return a.substring(0, at + 1) + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    @WithTransaction
    public Uni<Void> delete(String name) {
        return channels.deleteById(name).chain(deleted -> deleted
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFoundException("channel " + name + " does not exist")));
    }

    public Uni<List<Channel>> list() {
        return channels.all();
    }

    public Uni<Channel> get(String name) {
        return channels.find(name).onItem().ifNull()
                .failWith(() -> new NotFoundException("channel " + name + " does not exist"));
    }
}
