package io.irsuite.comms.repository;

import io.irsuite.comms.domain.Channel;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<Channel, String> {

    @WithSession
    public Uni<List<Channel>> all() {
        return list("order by name");
    }

    @WithSession
    public Uni<Channel> find(String name) {
        return findById(name);
    }
}
