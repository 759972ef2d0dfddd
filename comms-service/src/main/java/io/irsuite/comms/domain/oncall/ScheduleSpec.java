package io.irsuite.comms.domain.oncall;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /api/v1/schedules/{name}} and its stored form (JSON text): layers of rotations in the
 * schedule's time zone, later layers above earlier ones, overrides above all layers.
 */
public record ScheduleSpec(String timeZone, List<Layer> layers, List<Override> overrides) {

    /**
     * A rotation: {@code users} take turns, shift after shift, from {@code handoffAt}. {@code rotation} is the
     * unit ({@code hourly} in elapsed hours; {@code daily}, {@code weekly} by the calendar of the schedule's zone)
     * and {@code shiftLengthHours} the length of one shift.
     */
    public record Layer(List<String> users, String rotation, BigDecimal shiftLengthHours, String handoffAt,
                        List<Restriction> restrictions) {
    }

    /**
     * When a layer may have someone on call, in the schedule's zone: {@code daily} from {@code startTime} to
     * {@code endTime} (on the {@code days} it starts, every day when absent), or {@code weekly} from
     * {@code startDay startTime} to {@code endDay endTime}.
     */
    public record Restriction(String type, String startDay, String startTime, String endDay, String endTime,
                              List<String> days) {
    }

    /** {@code user} is on call from {@code from} to {@code to}, whatever the layers say. */
    public record Override(String user, String from, String to) {
    }
}
