package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.ScheduleSpec;
import io.irsuite.comms.service.ScheduleService;

import java.time.Instant;
import java.util.List;

/** A schedule as read back: its normalised definition and timestamps. */
public record ScheduleView(String name, String timeZone, List<ScheduleSpec.Layer> layers,
                           List<ScheduleSpec.Override> overrides, Instant createdAt, Instant updatedAt) {

    static ScheduleView of(ScheduleService.StoredSchedule s) {
        return new ScheduleView(s.name(), s.spec().timeZone(), s.spec().layers(), s.spec().overrides(), s.createdAt(),
                s.updatedAt());
    }
}
