package io.irsuite.comms.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.irsuite.comms.console.ConsoleViews.Option;
import io.irsuite.comms.console.ConsoleViews.Time;
import io.irsuite.comms.domain.oncall.OnCall;
import io.irsuite.comms.domain.oncall.Schedule;
import io.irsuite.comms.domain.oncall.Shift;
import io.quarkus.qute.TemplateData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What the console's schedules, runbooks and metrics pages show: plain records, every value already in words (Qute
 * escapes them all), built from comms' on-call arithmetic, remediation's runbook JSON and comms' metrics.
 */
public final class ConsolePageViews {

    private ConsolePageViews() {
    }

    // ---- schedules ---------------------------------------------------------------------------------------------

    /** {@code user} on call from {@code from} to {@code to}; no user: nobody is. A null time: not within a year. */
    @TemplateData
    public record ShiftRow(String user, Time from, Time to) {
        static ShiftRow of(Shift s) {
            return new ShiftRow(s.user(), Time.of(s.from()), Time.of(s.to()));
        }

        static ShiftRow nobody(Instant from, Instant to) {
            return new ShiftRow(null, Time.of(from), Time.of(to));
        }
    }

    /** One schedule: who is on call now and who next, and every stretch from now to the end of the week ahead. */
    @TemplateData
    public record ScheduleCard(String name, String zone, ShiftRow now, ShiftRow next, List<ShiftRow> week) {

        /** Computed by {@link OnCall} (overrides, layers and restrictions), the gaps in between shown as nobody. */
        static ScheduleCard of(Schedule schedule, Instant now, Instant until) {
            Optional<Shift> current = OnCall.at(schedule, now);
            Optional<Shift> next = current.isEmpty() ? OnCall.next(schedule, now)
                    : Optional.ofNullable(current.get().to())
                    .flatMap(end -> OnCall.at(schedule, end).or(() -> OnCall.next(schedule, end)));
            List<ShiftRow> week = new ArrayList<>();
            Instant covered = now;
            for (Shift s : OnCall.between(schedule, now, until)) {
                if (s.from() != null && s.from().isAfter(covered)) {
                    week.add(ShiftRow.nobody(covered, s.from()));
                }
                week.add(ShiftRow.of(s));
                covered = s.to();
            }
            if (covered != null && covered.isBefore(until)) {
                week.add(ShiftRow.nobody(covered, until));
            }
            return new ScheduleCard(schedule.name(), schedule.zone().getId(), current.map(ShiftRow::of).orElse(null),
                    next.map(ShiftRow::of).orElse(null), week);
        }
    }

    @TemplateData
    public record SchedulesPage(List<ScheduleCard> schedules, Time from, Time until) {
    }

    // ---- runbooks (remediation's JSON, GET /api/v1/runbooks and /{id}, /{id}/versions/{n}) ---------------------

    /** What a runbook's executions say about it, in words; null where remediation has no figure yet. */
    @TemplateData
    public record RunbookStatsView(long executions, long succeeded, String successRate, Time lastUsedAt,
                                   String averageRecovery) {
        static RunbookStatsView of(JsonNode stats) {
            if (stats == null || !stats.isObject()) {
                return null;
            }
            JsonNode rate = stats.path("successRate");
            JsonNode recovery = stats.path("averageRecoverySeconds");
            return new RunbookStatsView(stats.path("executions").asLong(), stats.path("succeeded").asLong(),
                    rate.isNumber() ? ConsoleViews.percent(rate.asDouble()) : null, instant(stats.path("lastUsedAt")),
                    recovery.isNumber() ? ConsoleViews.age(Duration.ofSeconds(recovery.asLong())) : null);
        }
    }

    /** A runbook in the list: its newest version. */
    @TemplateData
    public record RunbookRow(String id, String name, int version, boolean enabled, String actions, String approval,
                             RunbookStatsView stats) {
        static List<RunbookRow> list(JsonNode runbooks) {
            List<RunbookRow> rows = new ArrayList<>();
            for (JsonNode r : runbooks) {
                rows.add(new RunbookRow(r.path("id").asText(), r.path("name").asText(), r.path("version").asInt(),
                        r.path("enabled").asBoolean(), words(r.path("actions")), approvalOf(r),
                        RunbookStatsView.of(r.get("stats"))));
            }
            return rows;
        }
    }

    /** One step: what it does in words, and what undoes it. */
    @TemplateData
    public record StepRow(int number, String name, String type, String what, String limits, String rollback) {
    }

    @TemplateData
    public record VersionLink(int version, String href, boolean shown) {
    }

    /**
     * One version of a runbook ({@code shown}) with the runbook's newest version ({@code current}) for its state,
     * stats and the links to every version.
     */
    @TemplateData
    public record RunbookDetail(String id, String name, String description, int version, int currentVersion,
                                boolean enabled, String actions, String categories, String approval,
                                String estimatedDuration, boolean dryRun, boolean rollbackOnCancel, Time storedAt,
                                List<StepRow> steps, List<String> verify, RunbookStatsView stats,
                                List<VersionLink> versions) {
        static RunbookDetail of(JsonNode current, JsonNode shown) {
            String id = current.path("id").asText();
            int version = shown.path("version").asInt();
            int newest = current.path("version").asInt();
            List<StepRow> steps = new ArrayList<>();
            int n = 0;
            for (JsonNode step : shown.path("steps")) {
                JsonNode rollback = step.get("rollback");
                steps.add(new StepRow(++n, step.path("name").asText(), step.path("type").asText(), what(step),
                        limits(step), rollback == null || rollback.isNull() ? null
                        : rollback.path("name").asText() + ": " + what(rollback)));
            }
            JsonNode duration = shown.path("estimatedDurationSeconds");
            return new RunbookDetail(id, shown.path("name").asText(), text(shown.path("description")), version, newest,
                    current.path("enabled").asBoolean(), words(shown.path("actions")), words(shown.path("categories")),
                    approvalOf(shown), duration.isNumber() ? ConsoleViews.age(Duration.ofSeconds(duration.asLong())) : null,
                    shown.path("dryRun").asBoolean(), shown.path("rollbackOnCancel").asBoolean(),
                    instant(shown.path("updatedAt")), steps, verifyOf(shown.path("verify")),
                    version == newest ? RunbookStatsView.of(current.get("stats")) : null,
                    IntStream.rangeClosed(1, newest).map(v -> newest + 1 - v)
                            .mapToObj(v -> new VersionLink(v, "/console/runbooks/" + id + "?version=" + v, v == version))
                            .toList());
        }
    }

    /** {@code POST http://... → 200}, {@code wait 5 s}, {@code kubernetes scale to 3}: what a step does. */
    static String what(JsonNode step) {
        String type = step.path("type").asText();
        return switch (type) {
            case "wait" -> "wait " + step.path("seconds").asInt() + " s";
            case "kubernetes" -> {
                StringBuilder k = new StringBuilder(step.path("operation").asText());
                if (step.path("replicas").isNumber()) {
                    k.append(" to ").append(step.path("replicas").asInt()).append(" replicas");
                }
                if (step.path("by").isNumber()) {
                    k.append(" by ").append(step.path("by").asInt());
                }
                if (step.hasNonNull("image")) {
                    k.append(" to ").append(step.path("image").asText());
                }
                if (step.hasNonNull("container")) {
                    k.append(" (container ").append(step.path("container").asText()).append(')');
                }
                if (step.hasNonNull("pod")) {
                    k.append(" pod ").append(step.path("pod").asText());
                }
                yield k.toString();
            }
            default -> step.path("method").asText("GET") + " " + step.path("url").asText()
                    + (step.path("expectedStatus").isNumber() ? " → " + step.path("expectedStatus").asInt() : "");
        };
    }

    /** Timeout and retries, where the step has them. */
    static String limits(JsonNode step) {
        if ("wait".equals(step.path("type").asText())) {
            return "";
        }
        int retries = step.path("retries").asInt();
        return "timeout " + step.path("timeoutSeconds").asInt() + " s"
                + (retries > 0 ? ", " + retries + " retr" + (retries == 1 ? "y" : "ies") + " "
                + step.path("retryDelaySeconds").asInt() + " s apart" : "");
    }

    /** The contract's verify in words: the alerts resolved in time, then the metric within bounds. */
    static List<String> verifyOf(JsonNode verify) {
        if (verify == null || !verify.isObject()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("every alert of the incident resolved within " + verify.path("withinSeconds").asInt() + " s");
        JsonNode metric = verify.path("metric");
        if (metric.isObject()) {
            String bounds = (metric.path("min").isNumber() ? " ≥ " + metric.path("min").asText() : "")
                    + (metric.path("max").isNumber() ? " ≤ " + metric.path("max").asText() : "");
            lines.add("then " + metric.path("query").asText() + bounds
                    + (metric.hasNonNull("prometheus") ? " (Prometheus " + metric.path("prometheus").asText() + ")" : ""));
        }
        return lines;
    }

    static String approvalOf(JsonNode runbook) {
        if (!runbook.path("requiresApproval").asBoolean()) {
            return "no";
        }
        String approvers = words(runbook.path("approvers"));
        return approvers.isEmpty() ? "required (any responder)" : "required: " + approvers;
    }

    static String words(JsonNode array) {
        List<String> words = new ArrayList<>();
        array.forEach(w -> words.add(w.asText()));
        return String.join(", ", words);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Time instant(JsonNode node) {
        try {
            return node.isTextual() ? Time.of(Instant.parse(node.asText())) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    // ---- metrics -----------------------------------------------------------------------------------------------

    /** An axis tick: where, and its label. */
    @TemplateData
    public record Tick(String x, String y, String label) {
    }

    /** A point of a series with its words for the hover. */
    @TemplateData
    public record Point(String x, String y, String label) {
    }

    /** One severity's line: the runs of consecutive buckets that have a value, as SVG polyline points, and its points. */
    @TemplateData
    public record Series(String name, String colour, List<String> lines, List<Point> points) {
    }

    @TemplateData
    public record TableRow(String bucket, List<String> values) {
    }

    /**
     * One measure over time as an SVG line chart (coordinates in the {@code width} × {@code height} view box, the plot
     * between {@code left}/{@code right} and {@code top}/{@code bottom}) and the same values as a table.
     */
    @TemplateData
    public record Chart(String id, String name, String title, String description, String xLabel, String yLabel,
                        int width, int height, int left, int right, int top, int bottom, List<Tick> xTicks,
                        List<Tick> yTicks, List<Series> series, List<String> columns, List<TableRow> rows) {
        public boolean empty() {
            return series.isEmpty();
        }

        public int middleX() {
            return (left + right) / 2;
        }

        public int middleY() {
            return (top + bottom) / 2;
        }

        /** Where the y axis' labels end, left of the axis. */
        public int yTickX() {
            return left - 6;
        }

        /** The baseline of the x axis' labels, under the axis. */
        public int xTickY() {
            return bottom + 18;
        }

        /** The baseline of the x axis' title, at the foot of the chart. */
        public int xLabelY() {
            return height - 8;
        }
    }

    /** The whole range's figures of one severity (or all), in words. */
    @TemplateData
    public record SummaryRow(String severity, int count, String mttd, String mtta, String mttr) {
    }

    @TemplateData
    public record MetricsPage(String from, String to, String per, List<Option> pers, List<SummaryRow> summary,
                              List<Chart> charts) {
    }
}
