package io.irsuite.comms.domain.oncall;

import java.time.ZoneId;
import java.util.List;

/**
 * An on-call schedule ready for arithmetic: layers in precedence order (a later layer wins wherever it has
 * someone on call, PagerDuty's layer semantics) and overrides (above all layers; a later override wins where two
 * overlap). See {@link OnCall}.
 */
public record Schedule(String name, ZoneId zone, List<Layer> layers, List<ScheduleOverride> overrides) {

    public Schedule {
        layers = List.copyOf(layers);
        overrides = List.copyOf(overrides);
    }
}
