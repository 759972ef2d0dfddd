package io.irsuite.comms.domain.oncall;

import io.irsuite.comms.domain.ChannelType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What walking an escalation policy from {@code start} would page, when nobody acknowledges: every level of every
 * walk (the first and {@code repeat} more), at the instant it fires, with each schedule resolved at that instant
 * (so a level firing after a handoff pages the next person). A pager walks the same {@link #firings} and resolves
 * each level with {@link #pagesFor} when it fires. Pure.
 */
public record EscalationPlan(String policy, Instant start, List<PlannedPage> pages) {

    public EscalationPlan {
        pages = List.copyOf(pages);
    }

    /** Level {@code level} (1-based) of walk {@code repeat} (0 is the first walk) fires {@code after} the start. */
    public record Firing(int repeat, int level, Duration after, Instant at) {
    }

    /**
     * One page a firing sends: to {@code user} through {@code contact} at {@code address}, or to the channel
     * {@code channel}; or, with {@code note}, why the target pages nobody (nobody on call, a target gone).
     */
    public record PlannedPage(int repeat, int level, Duration after, Instant at, EscalationPolicy.Target target,
                              String user, String channel, ChannelType contact, String address, String note) {
    }

    /** The plan of {@code policy} started at {@code start}, resolved against {@code directory}. */
    public static EscalationPlan of(EscalationPolicy policy, Instant start, Directory directory) {
        List<PlannedPage> pages = new ArrayList<>();
        for (Firing firing : firings(policy, start)) {
            pages.addAll(pagesFor(policy, firing, directory));
        }
        return new EscalationPlan(policy.name(), start, pages);
    }

    /**
     * When each level fires: level 1 at the start, each next level its delay after the previous one, and each
     * further walk the policy's repeat delay after the last level of the walk before.
     */
    public static List<Firing> firings(EscalationPolicy policy, Instant start) {
        List<Firing> firings = new ArrayList<>();
        Duration after = Duration.ZERO;
        for (int walk = 0; walk <= policy.repeat(); walk++) {
            for (int i = 0; i < policy.levels().size(); i++) {
                if (i > 0) {
                    after = after.plus(policy.levels().get(i).delay());
                } else if (walk > 0) {
                    after = after.plus(policy.repeatDelay());
                }
                firings.add(new Firing(walk, i + 1, after, start.plus(after)));
            }
        }
        return firings;
    }

    /**
     * The pages one firing sends, target by target in the level's order, each user's contact methods in order
     * (e-mail, Slack, webhook); a person or channel reached twice within the level is paged once.
     */
    public static List<PlannedPage> pagesFor(EscalationPolicy policy, Firing firing, Directory directory) {
        EscalationPolicy.Level level = policy.levels().get(firing.level() - 1);
        List<PlannedPage> pages = new ArrayList<>();
        Set<String> reached = new HashSet<>();
        for (EscalationPolicy.Target target : level.targets()) {
            switch (target.type()) {
                case user -> pageUser(firing, target, target.name(), directory, reached, pages);
                case schedule -> {
                    Schedule schedule = directory.schedules().get(target.name());
                    if (schedule == null) {
                        pages.add(note(firing, target, "schedule " + target.name() + " does not exist"));
                        break;
                    }
                    Optional<String> onCall = OnCall.userAt(schedule, firing.at());
                    if (onCall.isEmpty()) {
                        String next = OnCall.next(schedule, firing.at())
                                .map(s -> " (next: " + s.user() + " from " + s.from() + ")").orElse("");
                        pages.add(note(firing, target, "nobody is on call on schedule " + target.name() + next));
                    } else {
                        pageUser(firing, target, onCall.get(), directory, reached, pages);
                    }
                }
                case channel -> {
                    ChannelContact channel = directory.channels().get(target.name());
                    if (channel == null) {
                        pages.add(note(firing, target, "channel " + target.name() + " does not exist"));
                    } else if (reached.add("channel:" + channel.name())) {
                        pages.add(new PlannedPage(firing.repeat(), firing.level(), firing.after(), firing.at(), target,
                                null, channel.name(), channel.type(), channel.address(), null));
                    }
                }
            }
        }
        return pages;
    }

    private static void pageUser(Firing firing, EscalationPolicy.Target target, String name, Directory directory,
                                 Set<String> reached, List<PlannedPage> pages) {
        OnCallUser user = directory.users().get(name);
        if (user == null) {
            pages.add(note(firing, target, "user " + name + " does not exist"));
            return;
        }
        if (!reached.add("user:" + name)) {
            return;
        }
        List<Contact> contacts = user.contacts();
        if (contacts.isEmpty()) {
            pages.add(new PlannedPage(firing.repeat(), firing.level(), firing.after(), firing.at(), target, name,
                    null, null, null, "user " + name + " has no contact method"));
        }
        for (Contact c : contacts) {
            pages.add(new PlannedPage(firing.repeat(), firing.level(), firing.after(), firing.at(), target, name,
                    null, c.method(), c.address(), null));
        }
    }

    private static PlannedPage note(Firing firing, EscalationPolicy.Target target, String note) {
        return new PlannedPage(firing.repeat(), firing.level(), firing.after(), firing.at(), target, null, null,
                null, null, note);
    }
}
