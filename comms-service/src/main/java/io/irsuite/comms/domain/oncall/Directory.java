package io.irsuite.comms.domain.oncall;

import java.util.Map;

/** What an escalation plan resolves targets against: users, schedules and channels by name (only those it needs). */
public record Directory(Map<String, OnCallUser> users, Map<String, Schedule> schedules,
                        Map<String, ChannelContact> channels) {

    public Directory {
        users = Map.copyOf(users);
        schedules = Map.copyOf(schedules);
        channels = Map.copyOf(channels);
    }
}
