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

    /**
     * The blast radius: its text alternative ({@code title}: what it shows; {@code description}: every dependency in
     * words), the services in triage's order, and two drawings of it (left to right, and top down for a phone).
     */
    @TemplateData
    public record Graph(String title, String description, List<GraphNode> services, List<GraphDrawing> drawings) {
    }

    /** A service of the blast radius and what it depends on there, in words. */
    @TemplateData
    public record GraphNode(String name, boolean root, String dependsOn) {
    }

    /** One drawing: {@code way} is {@code across} or {@code down}; the SVG's size, its boxes and arrows. */
    @TemplateData
    public record GraphDrawing(String way, int width, int height, List<GraphBox> boxes, List<GraphEdge> edges) {
    }

    /** A service's box: its name (cut to {@code label} to fit) and where it and its text are drawn. */
    @TemplateData
    public record GraphBox(String name, String label, boolean root, int x, int y, int width, int height, int textX,
                           int textY, int noteY) {
    }

    /** {@code from} depends on {@code to}; {@code path} is the SVG path data of the arrow. */
    @TemplateData
    public record GraphEdge(String from, String to, String path) {
    }

    /** The incident's executions as remediation lists them, or why they could not be read ({@code unavailable}). */
    @TemplateData
    public record Executions(List<Execution> list, String unavailable) {
        static final Executions NONE = new Executions(List.of(), null);

        static Executions of(OwnerActions.Read<List<OwnerActions.Execution>> read) {
            if (read.value() == null) {
                return new Executions(List.of(), read.problem());
            }
            return new Executions(read.value().stream().map(e -> new Execution(String.valueOf(e.id()),
                    e.runbookId() + (e.runbookVersion() == null ? "" : " v" + e.runbookVersion()), e.action(), e.target(),
                    e.status(), e.error(), e.steps() == null ? List.of() : e.steps().stream().map(st -> Step.of(st.name(),
                            st.status(), st.attempts(), st.startedAt(), st.finishedAt(), st.output())).toList()))
                    .toList(), null);
        }
    }

    @TemplateData
    public record Execution(String id, String runbook, String action, String target, String status, String error,
                            List<Step> steps) {
    }

    /** A step; an output longer than a few lines is collapsed behind {@code outputHead}, its first line. */
    @TemplateData
    public record Step(String name, String status, int attempts, Time startedAt, Time finishedAt, String output,
                       boolean longOutput, String outputHead) {
        static final int SHORT_LINES = 3;
        static final int SHORT_CHARS = 240;
        static final int HEAD_CHARS = 100;

        static Step of(String name, String status, int attempts, Instant startedAt, Instant finishedAt, String output) {
            String out = output == null ? "" : output.strip();
            long lines = out.lines().count();
            boolean collapsed = lines > SHORT_LINES || out.length() > SHORT_CHARS;
            String first = out.lines().findFirst().orElse("");
            String head = (first.length() > HEAD_CHARS ? first.substring(0, HEAD_CHARS) + "…" : first)
                    + " (" + lines + (lines == 1 ? " line, " : " lines, ") + out.length() + " characters)";
            return new Step(name, status, attempts, Time.of(startedAt), Time.of(finishedAt), out, collapsed,
                    collapsed ? head : null);
        }
    }

    /** Who holds one of the incident's roles, assigned by whom and when. */
    @TemplateData
    public record Role(String role, String words, String user, String assignedBy, Time assignedAt) {
    }

    /** A follow-up of the incident; {@code open} offers "Mark done". */
    @TemplateData
    public record ActionItem(String id, String title, String owner, String priority, String dueDate, String status,
                             boolean overdue, boolean open, String createdBy) {
    }

    /** What the forms of the incident page offer: roles to assign, priorities, root-cause categories. */
    @TemplateData
    public record Choices(List<Option> roles, List<Option> priorities, List<Option> categories) {
    }

    /** A page sent for the incident: who, at which level, how, and whether someone acknowledged. */
    @TemplateData
    public record Page(String user, int level, String channel, Time sentAt, String status, Time acknowledgedAt,
                       String acknowledgedBy) {
    }

    /**
     * One incident as the console shows it, from comms' projection and the event payloads on its timeline, with its
     * roles and action items; {@code blastRadius} is null until triage named one.
     */
    @TemplateData
    public record IncidentDetail(String id, String title, String severity, String status, boolean active,
                                 String services, String impact, Time startedAt, Time detectedAt,
                                 Time acknowledgedAt, Time mitigatedAt, Time resolvedAt, String age,
                                 List<String> severityReasons, RootCause rootCause, List<Candidate> candidates,
                                 List<Action> actions, Graph blastRadius,
                                 Remediation remediation, List<Alert> alerts, List<Page> pages,
                                 List<TimelineItem> timeline, List<Role> roles, List<ActionItem> actionItems,
                                 Choices choices) {
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
