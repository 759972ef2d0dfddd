package io.irsuite.comms.rest;

import io.irsuite.comms.domain.UrlRedaction;
import io.irsuite.comms.domain.oncall.EscalationPlan;
import io.irsuite.comms.domain.oncall.PolicyRules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What walking an escalation policy from {@code at} would page, when nobody acknowledges: one row per page (a user
 * through one contact method, or a channel) or per target that pages nobody (with a note), in firing order.
 */
public record SimulationView(String policy, Instant at, List<Page> pages) {

    /**
     * {@code minute} after {@code at} (fractions for delays in seconds), the walk ({@code repeat}: 0 is the first),
     * the 1-based {@code level}, the {@code target} it came from, and whom and how it pages; {@code to} is redacted
     * for webhook URLs.
     */
    public record Page(BigDecimal minute, Instant at, int repeat, int level, Target target, String user,
                       String channel, String contact, String to, String note) {
    }

    /** A target of the policy's level. */
    public record Target(String type, String name) {
    }

    static SimulationView of(EscalationPlan plan) {
        return new SimulationView(plan.policy(), plan.start(), plan.pages().stream().map(p -> new Page(
                PolicyRules.minutes(p.after()), p.at(), p.repeat(), p.level(),
                new Target(p.target().type().name(), p.target().name()), p.user(), p.channel(),
                p.contact() == null ? null : p.contact().name(),
                p.contact() == null ? null : redact(p.contact().name(), p.address()), p.note())).toList());
    }

    private static String redact(String contact, String address) {
        return "email".equals(contact) ? address : UrlRedaction.redact(contact, address);
    }
}
