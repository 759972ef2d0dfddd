package io.irsuite.comms.console;

import io.irsuite.comms.console.ConsolePageViews.Chart;
import io.irsuite.comms.console.ConsolePageViews.Point;
import io.irsuite.comms.console.ConsolePageViews.Series;
import io.irsuite.comms.console.ConsolePageViews.SummaryRow;
import io.irsuite.comms.console.ConsolePageViews.TableRow;
import io.irsuite.comms.console.ConsolePageViews.Tick;
import io.irsuite.comms.domain.IncidentMetrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * MTTD, MTTA and MTTR by severity over time as server-rendered SVG line charts (no script, no library): one chart per
 * measure, one line per severity, one point per day or week, the axes labelled and the values also as a table.
 * Pure: it lays out what {@link IncidentMetrics} computed per bucket.
 */
final class MetricsCharts {

    static final int WIDTH = 720;
    static final int HEIGHT = 300;
    static final int LEFT = 64;
    static final int RIGHT = WIDTH - 16;
    static final int TOP = 16;
    static final int BOTTOM = HEIGHT - 56;
    /** At most this many labels along the x axis; every k-th bucket is labelled. */
    static final int X_LABELS = 8;
    /** The severities' colours, as the console's severity badges. */
    private static final Map<String, String> COLOURS = Map.of("SEV1", "#82071e", "SEV2", "#cf222e", "SEV3", "#bf8700",
            "SEV4", "#0a5bd3");
    private static final String OTHER_COLOUR = "#57606a";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    /** One measure: its short name, its words, and its figure. */
    enum Measure {
        MTTD("Mean time to detect", IncidentMetrics.Figures::mttdSeconds),
        MTTA("Mean time to acknowledge", IncidentMetrics.Figures::mttaSeconds),
        MTTR("Mean time to resolve", IncidentMetrics.Figures::mttrSeconds);

        final String words;
        final Function<IncidentMetrics.Figures, Double> seconds;

        Measure(String words, Function<IncidentMetrics.Figures, Double> seconds) {
            this.words = words;
            this.seconds = seconds;
        }
    }

    /** The unit the values of a chart are shown in: seconds up to two minutes, minutes up to two hours, else hours. */
    record Unit(String name, double seconds) {
        static Unit forMax(double maxSeconds) {
            return maxSeconds <= 120 ? new Unit("seconds", 1) : maxSeconds <= 7200 ? new Unit("minutes", 60)
                    : new Unit("hours", 3600);
        }
    }

    private MetricsCharts() {
    }

    /** The three charts over {@code buckets} (each a day or a week, {@code per} says which). */
    static List<Chart> charts(List<IncidentMetrics> buckets, String per) {
        return List.of(chart(Measure.MTTD, buckets, per), chart(Measure.MTTA, buckets, per),
                chart(Measure.MTTR, buckets, per));
    }

    static Chart chart(Measure measure, List<IncidentMetrics> buckets, String per) {
        TreeSet<String> severities = new TreeSet<>();
        double max = 0;
        for (IncidentMetrics b : buckets) {
            for (Map.Entry<String, IncidentMetrics.Figures> e : b.bySeverity().entrySet()) {
                Double v = measure.seconds.apply(e.getValue());
                if (v != null) {
                    severities.add(e.getKey());
                    max = Math.max(max, v);
                }
            }
        }
        Unit unit = Unit.forMax(max);
        double step = niceStep(max / unit.seconds());
        double top = Math.max(step, Math.ceil(max / unit.seconds() / step) * step);
        int n = buckets.size();

        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i * step <= top + step / 1000; i++) {
            yTicks.add(new Tick(coordinate(LEFT), coordinate(y(i * step, top)), number(i * step)));
        }
        List<Tick> xTicks = new ArrayList<>();
        int every = Math.max(1, (n + X_LABELS - 1) / X_LABELS);
        for (int i = 0; i < n; i += every) {
            xTicks.add(new Tick(coordinate(x(i, n)), coordinate(BOTTOM), SHORT_DAY.format(buckets.get(i).from())));
        }

        List<Series> series = new ArrayList<>();
        List<TableRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> values = new ArrayList<>();
            for (String severity : severities) {
                Double v = value(measure, buckets.get(i), severity);
                values.add(v == null ? "–" : number(v / unit.seconds()));
            }
            rows.add(new TableRow(label(buckets.get(i), per), values));
        }
        for (String severity : severities) {
            List<String> lines = new ArrayList<>();
            List<Point> points = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            int runLength = 0;
            for (int i = 0; i <= n; i++) {
                Double v = i < n ? value(measure, buckets.get(i), severity) : null;
                if (v == null) {
                    if (runLength > 1) {
                        lines.add(run.toString());
                    }
                    run.setLength(0);
                    runLength = 0;
                    continue;
                }
                String px = coordinate(x(i, n));
                String py = coordinate(y(v / unit.seconds(), top));
                run.append(runLength++ == 0 ? "" : " ").append(px).append(',').append(py);
                points.add(new Point(px, py, severity + ", " + label(buckets.get(i), per) + ": "
                        + number(v / unit.seconds()) + " " + unit.name()));
            }
            series.add(new Series(severity, COLOURS.getOrDefault(severity, OTHER_COLOUR), lines, points));
        }

        String perWords = "week".equals(per) ? "week" : "day";
        String title = measure + " by severity, per " + perWords;
        String description = measure.words + " in " + unit.name() + " for the incidents started each " + perWords
                + " (UTC), one line per severity" + (series.isEmpty() ? "; no incident in this range has one"
                : ": " + String.join(", ", severities)) + ". The table below holds the same values.";
        List<String> columns = new ArrayList<>(severities);
        return new Chart(measure.name().toLowerCase(Locale.ROOT), measure.name(), title, description,
                "week".equals(per) ? "Week starting (UTC)" : "Day (UTC)", measure + " (" + unit.name() + ")", WIDTH,
                HEIGHT, LEFT, RIGHT, TOP, BOTTOM, xTicks, yTicks, series, columns, rows);
    }

    /** Count, MTTD, MTTA and MTTR over the whole range: every severity, then all incidents. */
    static List<SummaryRow> summary(IncidentMetrics total) {
        List<SummaryRow> rows = new ArrayList<>();
        total.bySeverity().forEach((severity, f) -> rows.add(new SummaryRow(severity, f.count(), words(f.mttdSeconds()),
                words(f.mttaSeconds()), words(f.mttrSeconds()))));
        rows.add(new SummaryRow("all", total.count(), words(total.mttdSeconds()), words(total.mttaSeconds()),
                words(total.mttrSeconds())));
        return rows;
    }

    private static Double value(Measure measure, IncidentMetrics bucket, String severity) {
        IncidentMetrics.Figures f = bucket.bySeverity().get(severity);
        return f == null ? null : measure.seconds.apply(f);
    }

    /** A step of 1, 2, 2.5 or 5 times a power of ten that splits {@code max} into at most four. */
    static double niceStep(double max) {
        if (max <= 0) {
            return 1;
        }
        double raw = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 2.5, 5}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The middle of bucket {@code i} of {@code n}. */
    static double x(int i, int n) {
        return LEFT + (RIGHT - LEFT) * (i + 0.5) / n;
    }

    static double y(double value, double top) {
        return BOTTOM - (BOTTOM - TOP) * value / top;
    }

    private static String label(IncidentMetrics bucket, String per) {
        return "week".equals(per) ? DAY.format(bucket.from()) + " – " + DAY.format(bucket.to().minusSeconds(1))
                : DAY.format(bucket.from());
    }

    /** {@code 45s}, {@code 1m 30s} under an hour (the seconds matter there), else as the console's ages, {@code 1h 10m}. */
    static String words(Double seconds) {
        if (seconds == null) {
            return "–";
        }
        long s = Math.round(seconds);
        if (s >= 60 && s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return ConsoleViews.age(Duration.ofSeconds(s));
    }

    /** At most two decimals, no trailing zeros: {@code 2.5}, {@code 10}, {@code 0.33}. */
    static String number(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String coordinate(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
