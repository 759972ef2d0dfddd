package io.irsuite.comms.console;

import io.irsuite.comms.console.ConsolePageViews.MetricsPage;
import io.irsuite.comms.console.ConsolePageViews.RunbookDetail;
import io.irsuite.comms.console.ConsolePageViews.RunbookRow;
import io.irsuite.comms.console.ConsolePageViews.ScheduleCard;
import io.irsuite.comms.console.ConsolePageViews.SchedulesPage;
import io.irsuite.comms.console.ConsoleViews.Option;
import io.irsuite.comms.console.ConsoleViews.Time;
import io.irsuite.comms.console.ConsoleViews.Viewer;
import io.irsuite.comms.service.MetricsService;
import io.irsuite.comms.service.ScheduleService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.irsuite.comms.console.ConsoleResource.COOKIE;
import static io.irsuite.comms.console.ConsoleResource.blankToNull;
import static io.irsuite.comms.console.ConsoleResource.page;
import static io.irsuite.comms.console.ConsoleResource.refused;

/**
 * The console's reading pages beside the incidents (issue 13): on-call schedules, remediation's runbooks, and the
 * response metrics as charts. Each needs a signed-in session (the same check as every console page; a viewer may
 * read them all); runbooks are read from remediation with the person's own token.
 */
@Path("/console")
@PermitAll // the console checks its own session cookie on every route
public class ConsolePagesResource {

    /** How far ahead the schedules page lists the shifts. */
    static final Duration WEEK_AHEAD = Duration.ofDays(7);
    /** Remediation's runbook ids ({@code RunbookRules.ID}); anything else never reaches its URL. */
    static final Pattern RUNBOOK_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final int MAX_VERSION = 1_000_000;
    /** The longest range the metrics page draws. */
    static final int MAX_DAYS = 366;
    /** The default range: the last 30 days, today included. */
    static final int DEFAULT_DAYS = 30;
    static final List<String> PERS = List.of("day", "week");

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance schedules(Viewer viewer, SchedulesPage page);

        static native TemplateInstance runbooks(Viewer viewer, List<RunbookRow> runbooks);

        static native TemplateInstance runbook(Viewer viewer, RunbookDetail runbook);

        static native TemplateInstance metrics(Viewer viewer, MetricsPage metrics);
    }

    private final ConsoleResource console;
    private final ScheduleService schedules;
    private final MetricsService metrics;
    private final OwnerActions owners;

    public ConsolePagesResource(ConsoleResource console, ScheduleService schedules, MetricsService metrics,
                                OwnerActions owners) {
        this.console = console;
        this.schedules = schedules;
        this.metrics = metrics;
        this.owners = owners;
    }

    /** Every schedule: who is on call now and next, and the shifts of the next 7 days (comms' on-call arithmetic). */
    @GET
    @Path("/schedules")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> schedules(@CookieParam(COOKIE) String sid, @HeaderParam("HX-Request") String htmx) {
        return console.signedIn(sid, htmx, session -> {
            Instant now = Instant.now();
            Instant until = now.plus(WEEK_AHEAD);
            return schedules.schedules().chain(all -> page(200, Templates.schedules(Viewer.of(session),
                    new SchedulesPage(all.stream().map(s -> ScheduleCard.of(s, now, until)).toList(), Time.of(now),
                            Time.of(until)))));
        });
    }

    /** Remediation's runbooks in their newest versions, with success rate and last use. */
    @GET
    @Path("/runbooks")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> runbooks(@CookieParam(COOKIE) String sid, @HeaderParam("HX-Request") String htmx) {
        return console.signedIn(sid, htmx, session -> owners.runbooks(session).chain(outcome -> outcome.ok()
                ? page(200, Templates.runbooks(Viewer.of(session), RunbookRow.list(outcome.body())))
                : refused(Viewer.of(session), outcome, "Runbooks not available")));
    }

    /** One runbook in its newest version, or in {@code version}: its steps, approval and verification. */
    @GET
    @Path("/runbooks/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> runbook(@CookieParam(COOKIE) String sid, @HeaderParam("HX-Request") String htmx,
                                 @PathParam("id") String id, @QueryParam("version") String version) {
        return console.signedIn(sid, htmx, session -> {
            Viewer viewer = Viewer.of(session);
            if (!RUNBOOK_ID.matcher(id).matches()) {
                return page(400, ConsoleResource.Templates.error(viewer, 400, "Bad runbook id",
                        "id must be a runbook id (" + RUNBOOK_ID.pattern() + ")."));
            }
            Integer wanted = null;
            String v = blankToNull(version);
            if (v != null) {
                wanted = v.matches("[0-9]{1,7}") ? Integer.valueOf(v) : null;
                if (wanted == null || wanted < 1 || wanted > MAX_VERSION) {
                    return page(400, ConsoleResource.Templates.error(viewer, 400, "Bad version",
                            "version must be a whole number from 1."));
                }
            }
            Integer shown = wanted;
            return owners.runbook(session, id).chain(current -> {
                if (!current.ok()) {
                    return refused(viewer, current, "Runbook not available");
                }
                if (shown == null || shown == current.body().path("version").asInt()) {
                    return page(200, Templates.runbook(viewer, RunbookDetail.of(current.body(), current.body())));
                }
                return owners.runbookVersion(session, id, shown).chain(old -> old.ok()
                        ? page(200, Templates.runbook(viewer, RunbookDetail.of(current.body(), old.body())))
                        : refused(viewer, old, "Runbook version not available"));
            });
        });
    }

    /**
     * MTTD, MTTA and MTTR by severity per day or week from {@code from} to {@code to} (UTC days, both included;
     * the last 30 days by default), computed as {@code GET /api/v1/metrics/incidents} computes them.
     */
    @GET
    @Path("/metrics")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> metrics(@CookieParam(COOKIE) String sid, @HeaderParam("HX-Request") String htmx,
                                 @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("per") String per) {
        return console.signedIn(sid, htmx, session -> {
            Viewer viewer = Viewer.of(session);
            List<String> errors = new ArrayList<>();
            LocalDate last = date("to", to, LocalDate.now(ZoneOffset.UTC), errors);
            LocalDate first = date("from", from, last == null ? null : last.minusDays(DEFAULT_DAYS - 1), errors);
            String p = blankToNull(per);
            if (p != null && !PERS.contains(p)) {
                errors.add("per must be day or week.");
            }
            if (errors.isEmpty() && first.isAfter(last)) {
                errors.add("from must not be after to.");
            }
            if (errors.isEmpty() && ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
                errors.add("from and to may be at most " + MAX_DAYS + " days apart.");
            }
            if (!errors.isEmpty()) {
                return page(400, ConsoleResource.Templates.error(viewer, 400, "Bad range", String.join(" ", errors)));
            }
            String step = p != null ? p : ChronoUnit.DAYS.between(first, last) < 31 ? "day" : "week";
            Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            return metrics.series(start, end, Duration.ofDays("week".equals(step) ? 7 : 1))
                    .chain(series -> page(200, Templates.metrics(viewer, new MetricsPage(first.toString(),
                            last.toString(), step, PERS.stream().map(o -> new Option(o, "per " + o, o.equals(step)))
                            .toList(), MetricsCharts.summary(series.total()), MetricsCharts.charts(series.steps(), step)))));
        });
    }

    private static LocalDate date(String field, String value, LocalDate fallback, List<String> errors) {
        String v = blankToNull(value);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(field + " must be a date, e.g. 2026-11-22.");
            return null;
        }
    }
}
