package io.irsuite.comms.domain.oncall;

import java.time.Duration;
import java.util.List;

/**
 * An escalation policy ready to walk: levels with the wait before each (zero for the first), how many more times
 * the whole policy is walked when nobody acknowledges, and the wait after the last level before walking it again.
 */
public record EscalationPolicy(String name, List<Level> levels, int repeat, Duration repeatDelay) {

    public EscalationPolicy {
        levels = List.copyOf(levels);
    }

    /** One level: the wait after the previous level, and whom it pages. */
    public record Level(Duration delay, List<Target> targets) {
        public Level {
            targets = List.copyOf(targets);
        }
    }

    /** A schedule, a user or a channel, by name. */
    public record Target(TargetType type, String name) {
    }
}
