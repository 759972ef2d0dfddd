package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Small formatting rules shared by the summaries, templates and the postmortem. */
public final class Texts {

    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX_DETAIL = 200;

    private Texts() {
    }

    /** 0.91 → "0.91", 0.9 → "0.9". */
    public static String decimal(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A ratio as a percentage: 0.12 → "12%". */
    public static String percentOfRatio(double ratio) {
        return BigDecimal.valueOf(ratio * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** A percentage as given: 12.0 → "12%". */
    public static String percent(double pct) {
        return BigDecimal.valueOf(pct).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** "rollback of checkout", or just "rollback" without a target. */
    public static String actionPhrase(String action, String target) {
        String a = action == null || action.isBlank() ? "remediation" : action;
        return target == null || target.isBlank() ? a : a + " of " + target;
    }

    /** "rollback of checkout with runbook rollback-deploy", without the runbook when it is not named. */
    public static String actionWithRunbook(String action, String target, String runbookId) {
        return actionPhrase(action, target) + (blank(runbookId) ? "" : " with runbook " + runbookId);
    }

    /** 1500 s → "25m 0s", 3700 s → "1h 1m 40s". */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return h + "h " + m + "m " + sec + "s";
        }
        if (m > 0) {
            return m + "m " + sec + "s";
        }
        return sec + "s";
    }

    public static String clock(Instant at) {
        return HHMM.format(at);
    }

    /** Shortens free text from other systems to one readable line. */
    public static String clip(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL - 1) + "…";
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The impact line of an alert: its summary and the numbers it reports. */
    public static String impactOf(Payloads.Alert alert, List<String> services) {
        List<String> parts = new ArrayList<>();
        if (alert != null && !blank(alert.summary())) {
            parts.add(clip(alert.summary()));
        }
        if (alert != null && alert.metrics() != null) {
            Payloads.AlertMetrics m = alert.metrics();
            if (m.errorRate() != null) {
                parts.add("error rate " + percentOfRatio(m.errorRate()));
            }
            if (m.usersAffectedPct() != null) {
                parts.add(percent(m.usersAffectedPct()) + " of users affected");
            }
            if (m.latencyP95Ms() != null) {
                parts.add("p95 latency " + decimal(m.latencyP95Ms()) + " ms"
                        + (m.baselineP95Ms() != null ? " (baseline " + decimal(m.baselineP95Ms()) + " ms)" : ""));
            }
            if (m.revenueImpactPerHour() != null) {
                parts.add("revenue impact $" + decimal(m.revenueImpactPerHour()) + "/h");
            }
            if (Boolean.TRUE.equals(m.dataLoss())) {
                parts.add("data loss suspected");
            }
            if (Boolean.TRUE.equals(m.securityBreach())) {
                parts.add("security breach suspected");
            }
            if (Boolean.TRUE.equals(m.slaBreach())) {
                parts.add("SLA breached");
            }
        }
        String where = services == null || services.isEmpty() ? "" : String.join(", ", services) + " affected";
        if (parts.isEmpty()) {
            return where.isEmpty() ? "under assessment" : where;
        }
        return (where.isEmpty() ? "" : where + ": ") + String.join(", ", parts);
    }
}
