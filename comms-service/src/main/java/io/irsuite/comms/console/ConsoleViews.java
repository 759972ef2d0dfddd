package io.irsuite.comms.console;

import io.quarkus.qute.TemplateData;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the console's templates show: plain records, every value already in words; Qute escapes them all. */
public final class ConsoleViews {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ConsoleViews() {
    }

    /** A moment: ISO-8601 for {@code <time datetime>} (the browser shows it in the viewer's zone) and UTC words for the hover. */
    @TemplateData
    public record Time(String iso, String utc) {
        public static Time of(Instant at) {
            return at == null ? null : new Time(at.toString(), UTC.format(at));
        }
    }

    /** Who is signed in and what the page may offer; every page's header reads it. */
    @TemplateData
    public record Viewer(String principal, String roles, String csrf, boolean canAct) {
        static Viewer of(ConsoleSession session) {
            return new Viewer(session.principal(), String.join(", ", session.roles().stream().sorted().toList()),
                    session.csrf(), session.canAct());
        }
    }

    /** The list's filters as given (empty for all), and the query string that repeats them. */
    @TemplateData
    public record Filter(String status, String severity, String service, String query) {
    }

    @TemplateData
    public record Option(String value, String label, boolean selected) {
    }

    @TemplateData
    public record StatusCount(String status, long count, String href) {
    }

    /** One incident of the list; {@code onCall} who its route's policy reaches now (null when resolved or nobody). */
    @TemplateData
    public record IncidentRow(String id, String title, String severity, String status, String services, Time startedAt,
                              String age, String onCall) {
    }

    @TemplateData
    public record IncidentList(List<IncidentRow> rows, List<StatusCount> counts, long total, Filter filter,
                               List<Option> statuses, List<Option> severities, String pollSeconds) {
    }

    @TemplateData
    public record RootCause(String service, String category, String confidence, List<String> evidence) {
    }

    @TemplateData
    public record Candidate(String service, String category, String score) {
    }

    @TemplateData
    public record Action(String action, String target, String confidence, boolean autoEligible, String reason) {
    }

    @TemplateData
    public record Alert(String name, String service, String severity, String status, String summary, Time startsAt) {
    }

    @TemplateData
    public record TimelineItem(Time at, String type, String producer, String summary) {
    }

    @TemplateData
    public record Remediation(String executionId, String describe, String status, String detail, boolean pending) {
    }

    /** A page sent for the incident: who, at which level, how, and whether someone acknowledged. */
    @TemplateData
    public record Page(String user, int level, String channel, Time sentAt, String status, Time acknowledgedAt,
                       String acknowledgedBy) {
    }

    /** One incident as the console shows it, from comms' projection and the event payloads on its timeline. */
    @TemplateData
    public record IncidentDetail(String id, String title, String severity, String status, boolean active,
                                 String services, String impact, Time startedAt, Time detectedAt,
                                 Time acknowledgedAt, Time mitigatedAt, Time resolvedAt, String age,
                                 List<String> severityReasons, RootCause rootCause, List<Candidate> candidates,
                                 List<Action> actions, List<String> blastRadius, Remediation remediation,
                                 List<Alert> alerts, List<Page> pages, List<TimelineItem> timeline) {
    }

    /** {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}: how long ago an incident started, to the unit that matters. */
    public static String age(Duration d) {
        if (d == null) {
            return "";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long h = (s % 86_400) / 3600;
        return (s / 86_400) + "d" + (h == 0 ? "" : " " + h + "h");
    }

    /** A 0..1 score as a whole percentage, {@code 91%}. */
    public static String percent(double score) {
        return Math.round(score * 100) + "%";
    }
}
