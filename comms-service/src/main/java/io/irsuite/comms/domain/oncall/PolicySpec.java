package io.irsuite.comms.domain.oncall;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /api/v1/escalation-policies/{name}} and its stored form (JSON text): levels paged one after
 * the other, each {@code delayMinutes} after the previous one, the whole walked {@code repeat} more times when
 * nobody acknowledges, {@code repeatDelayMinutes} after the last level.
 */
public record PolicySpec(List<Level> levels, BigDecimal repeat, BigDecimal repeatDelayMinutes) {

    /** Whom one level pages: {@code targets}, {@code delayMinutes} after the previous level (0 for the first). */
    public record Level(BigDecimal delayMinutes, List<Target> targets) {
    }

    /** A schedule (whoever is on call when the level fires), a user, or a notification channel, by name. */
    public record Target(String type, String name) {
    }
}
