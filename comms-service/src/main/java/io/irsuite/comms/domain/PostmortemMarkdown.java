package io.irsuite.comms.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders a {@link Postmortem} as Markdown. Pure. */
public final class PostmortemMarkdown {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private PostmortemMarkdown() {
    }

    public static String render(Postmortem p) {
        StringBuilder md = new StringBuilder(4096);
        Postmortem.Metadata m = p.metadata();
        md.append("# ").append(line(p.title())).append("\n\n");
        md.append("_Blameless draft generated from the incident timeline. Edit freely; focus on systems, not people._\n\n");
        md.append("| Field | Value |\n| --- | --- |\n");
        row(md, "Incident", String.valueOf(m.id()));
        row(md, "Severity", m.severity());
        row(md, "Status", m.status());
        row(md, "Started", time(m.started()));
        row(md, "Detected", time(m.detected()));
        row(md, "Acknowledged", time(m.acknowledged()));
        row(md, "Mitigated", time(m.mitigated()));
        row(md, "Resolved", time(m.resolved()));
        row(md, "Duration", secs(m.durationSeconds()));
        row(md, "MTTD", secs(m.mttdSeconds()));
        row(md, "MTTA", secs(m.mttaSeconds()));
        row(md, "MTTR", secs(m.mttrSeconds()));
        row(md, "Incident commander", "_to fill_");
        row(md, "Postmortem due", m.postmortemDue() == null ? "-" : time(m.postmortemDue()));
        md.append("\n## Summary\n\n").append(line(p.summary())).append("\n\n");
        md.append("## Impact\n\n");
        md.append("- Services: ").append(list(p.impact().services())).append('\n');
        md.append("- Blast radius: ").append(list(p.impact().blastRadius())).append('\n');
        md.append("- Observed: ").append(line(p.impact().description())).append('\n');
        md.append("- Users, failed requests, revenue, SLA: _to fill_\n\n");
        md.append("## Timeline\n\n| Time | Event | Summary |\n| --- | --- | --- |\n");
        for (Postmortem.TimelineRow r : p.timeline()) {
            md.append("| ").append(time(r.at())).append(" | ").append(cell(r.event())).append(" | ")
                    .append(cell(r.summary())).append(" |\n");
        }
        md.append("\n## Root cause\n\n");
        if (p.rootCause() == null) {
            md.append("Not determined by triage. _To fill._\n");
        } else {
            Postmortem.RootCause rc = p.rootCause();
            md.append("- Service: ").append(line(rc.service())).append('\n');
            md.append("- Category: ").append(line(rc.category())).append('\n');
            md.append("- Confidence: ").append(rc.confidence() == null ? "-" : Texts.decimal(rc.confidence())).append('\n');
            md.append("- Evidence:\n");
            if (rc.evidence().isEmpty()) {
                md.append("  - none recorded\n");
            }
            rc.evidence().forEach(e -> md.append("  - ").append(line(e)).append('\n'));
        }
        md.append("\n## Resolution\n\n").append(line(p.resolution().outcome())).append(".\n");
        for (Postmortem.Remediation r : p.resolution().remediations()) {
            md.append("\n### ").append(line(Texts.actionPhrase(r.action(), r.target())))
                    .append(r.runbookId() == null ? "" : " (runbook " + line(r.runbookId()) + ")")
                    .append(": ").append(r.outcome()).append("\n\n");
            md.append("Outcome: ").append(line(r.outcomeText())).append(".\n\n");
            if (!Texts.blank(r.detail())) {
                md.append(line(r.detail())).append("\n\n");
            }
            if (r.overdue() != null) {
                md.append("Overdue: ").append(line(r.overdue())).append(".\n\n");
            }
            if (!r.steps().isEmpty()) {
                md.append("| Step | Status | Attempts | Output |\n| --- | --- | --- | --- |\n");
                for (Postmortem.Step s : r.steps()) {
                    md.append("| ").append(cell(s.name())).append(" | ").append(cell(s.status())).append(" | ")
                            .append(s.attempts()).append(" | ").append(cell(s.output())).append(" |\n");
                }
            }
        }
        md.append("\n## What went well\n\n");
        bullets(md, p.wentWell());
        md.append("\n## What went poorly\n\n");
        bullets(md, p.wentPoorly());
        md.append("\n## Action items\n\n| Action | Owner | Priority | Due date | Status |\n| --- | --- | --- | --- | --- |\n");
        for (Postmortem.ActionItem a : p.actionItems()) {
            md.append("| ").append(cell(a.action())).append(" | ").append(cell(a.owner())).append(" | ")
                    .append(cell(a.priority())).append(" | ").append(cell(a.dueDate())).append(" | ")
                    .append(cell(a.status())).append(" |\n");
        }
        md.append("\n## Five whys\n\n");
        List<String> whys = p.fiveWhys();
        for (int i = 0; i < whys.size(); i++) {
            md.append(i + 1).append(". ").append(line(whys.get(i))).append("\n   - _answer_\n");
        }
        md.append("\n## Lessons learned\n\n_To fill._\n");
        return md.toString();
    }

    private static void bullets(StringBuilder md, List<String> items) {
        if (items.isEmpty()) {
            md.append("- _to fill_\n");
        }
        items.forEach(i -> md.append("- ").append(line(i)).append('\n'));
    }

    private static void row(StringBuilder md, String field, String value) {
        md.append("| ").append(field).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String time(Instant at) {
        return at == null ? "-" : TIME.format(at);
    }

    private static String secs(Long s) {
        return s == null ? "-" : s + " s (" + Texts.duration(Duration.ofSeconds(s)) + ")";
    }

    private static String list(List<String> items) {
        return items == null || items.isEmpty() ? "-" : line(String.join(", ", items));
    }

    /** Table cells must stay on one line and must not close the cell. */
    private static String cell(String s) {
        return s == null || s.isEmpty() ? "-" : line(s).replace("|", "\\|");
    }

    private static String line(String s) {
        return s == null ? "-" : s.replaceAll("[\\r\\n]+", " ");
    }
}
