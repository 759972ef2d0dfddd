package io.irsuite.comms.console;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.console.ConsoleViews.Executions;
import io.irsuite.comms.console.ConsoleViews.Filter;
import io.irsuite.comms.console.ConsoleViews.IncidentDetail;
import io.irsuite.comms.console.ConsoleViews.IncidentList;
import io.irsuite.comms.console.ConsoleViews.IncidentRow;
import io.irsuite.comms.console.ConsoleViews.Option;
import io.irsuite.comms.console.ConsoleViews.StatusCount;
import io.irsuite.comms.console.ConsoleViews.Time;
import io.irsuite.comms.console.ConsoleViews.Viewer;
import io.irsuite.comms.domain.ActionItem;
import io.irsuite.comms.domain.IncidentRole;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.service.ActionItemService;
import io.irsuite.comms.service.IncidentRoleService;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The responder console (issue 13): server-rendered pages under {@code /console}, refreshed by htmx polling.
 * Its own session cookie stands in for the bearer token (the API's routes are unchanged); every action is a
 * POST carrying the session's CSRF token, and goes to the service that owns it (acknowledge and resolve to
 * detection, approve and reject to remediation, root-cause feedback to triage) with the person's own token;
 * incident roles and action items are comms' own, changed in-process as the person.
 */
@Path("/console")
@PermitAll // the console checks its own session cookie on every route; /api keeps its bearer tokens
public class ConsoleResource {

    /** The session cookie: HttpOnly, SameSite=Strict, Path=/console, Secure over HTTPS. */
    public static final String COOKIE = "ir_console";
    static final int MAX_TOKEN = 1024;
    static final int MAX_NOTE = 2000;
    /** A service name: at most 100 characters, as {@link #SERVICE} allows. */
    static final int MAX_SERVICE = 100;
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern FORWARDED_HTTPS = Pattern.compile("(?:^|;)\\s*proto\\s*=\\s*\"?https\"?\\s*(?:;|$)",
            Pattern.CASE_INSENSITIVE);
    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signIn(Viewer viewer, String error);

        static native TemplateInstance incidents(Viewer viewer, IncidentList list);

        static native TemplateInstance incidents$list(Viewer viewer, IncidentList list);

        static native TemplateInstance incident(Viewer viewer, IncidentDetail incident, Executions executions,
                                                String notice, String pollSeconds);

        static native TemplateInstance incident$live(Viewer viewer, IncidentDetail incident, Executions executions,
                                                     String notice, String pollSeconds);

        static native TemplateInstance error(Viewer viewer, int status, String title, String detail);
    }

    private final ConsoleSessions sessions;
    private final ConsoleReads reads;
    private final OwnerActions owners;
    private final IncidentRoleService roles;
    private final ActionItemService actionItems;
    private final String pollSeconds;

    public ConsoleResource(ConsoleSessions sessions, ConsoleReads reads, OwnerActions owners, IncidentRoleService roles,
                           ActionItemService actionItems, IrConfig config) {
        this.sessions = sessions;
        this.reads = reads;
        this.owners = owners;
        this.roles = roles;
        this.actionItems = actionItems;
        this.pollSeconds = Math.max(1, config.console().pollInterval().toSeconds()) + "s";
    }

    @GET
    public Response root() {
        return seeOther("/console/incidents");
    }

    @GET
    @Path("/sign-in")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> signInPage(@CookieParam(COOKIE) String sid) {
        return sessions.find(sid).chain(session -> session.isPresent()
                ? Uni.createFrom().item(seeOther("/console/incidents"))
                : page(200, Templates.signIn(null, null)));
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> signIn(@FormParam("token") String token, @Context UriInfo uri,
                                @HeaderParam("X-Forwarded-Proto") String forwardedProto,
                                @HeaderParam("Forwarded") String forwarded) {
        String t = token == null ? "" : token.trim();
        if (t.isEmpty()) {
            return page(400, Templates.signIn(null, "token is required."));
        }
        if (t.length() > MAX_TOKEN || t.chars().anyMatch(Character::isISOControl)) {
            return page(400, Templates.signIn(null, "token is not a token (too long, or it holds control characters)."));
        }
        return sessions.signIn(t).chain(result -> {
            if (result instanceof ConsoleSessions.SignIn.Started started) {
                Log.infof("console: %s signed in", started.session().principal());
                return Uni.createFrom().item(Response.status(303).header("Location", "/console/incidents")
                        .header("Set-Cookie", cookie(started.session().id(), sessions.ttl().toSeconds(),
                                overHttps(uri, forwardedProto, forwarded)))
                        .build());
            }
            ConsoleSessions.SignIn.Refused refused = (ConsoleSessions.SignIn.Refused) result;
            return page(refused.status(), Templates.signIn(null, refused.reason()));
        });
    }

    @POST
    @Path("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> signOut(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf, @Context UriInfo uri,
                                 @HeaderParam("X-Forwarded-Proto") String forwardedProto,
                                 @HeaderParam("Forwarded") String forwarded) {
        return action(sid, csrf, false, session -> sessions.signOut(session.id()).map(v -> Response
                .status(303).header("Location", "/console/sign-in")
                .header("Set-Cookie", cookie("", 0, overHttps(uri, forwardedProto, forwarded)))
                .build()));
    }

    @GET
    @Path("/incidents")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> incidents(@CookieParam(COOKIE) String sid, @HeaderParam("HX-Request") String htmx,
                                   @QueryParam("status") String status, @QueryParam("severity") String severity,
                                   @QueryParam("service") String service) {
        return signedIn(sid, htmx, session -> {
            Viewer viewer = Viewer.of(session);
            String st = blankToNull(status);
            String sev = blankToNull(severity);
            String svc = blankToNull(service);
            List<String> errors = new ArrayList<>();
            if (st != null && !ConsoleReads.STATUSES.contains(st)) {
                errors.add("status must be one of " + String.join(", ", ConsoleReads.STATUSES) + ".");
            }
            if (sev != null && !ConsoleReads.SEVERITIES.contains(sev)) {
                errors.add("severity must be one of " + String.join(", ", ConsoleReads.SEVERITIES) + ".");
            }
            if (svc != null && !SERVICE.matcher(svc).matches()) {
                errors.add("service must be a service name (letters, digits, '.', '_' or '-').");
            }
            if (!errors.isEmpty()) {
                return page(400, Templates.error(viewer, 400, "Bad filter", String.join(" ", errors)));
            }
            Instant now = Instant.now();
            return reads.list(st, sev, svc).chain(list -> reads.counts(sev, svc).chain(counts -> reads.onCall(list, now)
                            .map(onCall -> list(list, counts, onCall,
                                    new Filter(orEmpty(st), orEmpty(sev), orEmpty(svc), query(st, sev, svc)), now))))
                    .chain(model -> page(200, htmx != null
                            ? Templates.incidents$list(viewer, model) : Templates.incidents(viewer, model)));
        });
    }

    @GET
    @Path("/incidents/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> incident(@CookieParam(COOKIE) String sid, @HeaderParam("HX-Request") String htmx,
                                  @PathParam("id") String id, @QueryParam("done") String done) {
        return signedIn(sid, htmx, session -> {
            Viewer viewer = Viewer.of(session);
            Optional<UUID> incidentId = uuid(id);
            if (incidentId.isEmpty()) {
                return page(400, Templates.error(viewer, 400, "Bad incident id", "id must be a UUID."));
            }
            String notice = switch (done == null ? "" : done) {
                case "acknowledged", "resolved" -> "Incident " + done + ".";
                case "approved", "rejected" -> "Remediation " + done + ".";
                case "confirmed" -> "Root cause confirmed to triage.";
                case "assigned" -> "Role assigned.";
                case "added" -> "Action item added.";
                case "closed" -> "Action item marked done.";
                default -> null;
            };
            return reads.detail(incidentId.get(), Instant.now()).chain(detail -> {
                if (detail.isEmpty()) {
                    return page(404, Templates.error(viewer, 404, "Unknown incident",
                            "comms has not heard of incident " + incidentId.get() + " (yet)."));
                }
                // remediation is asked only about an incident it has told comms of (any execution announces itself)
                Uni<Executions> executions = detail.get().remediation() == null ? Uni.createFrom().item(Executions.NONE)
                        : owners.executions(session, incidentId.get()).map(Executions::of);
                return executions.chain(ex -> page(200, htmx != null
                        ? Templates.incident$live(viewer, detail.get(), ex, notice, pollSeconds)
                        : Templates.incident(viewer, detail.get(), ex, notice, pollSeconds)));
            });
        });
    }

    @POST
    @Path("/incidents/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> acknowledge(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                     @PathParam("id") String id) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident ->
                owners.acknowledge(session, incident).chain(outcome -> after(session, incident, outcome, "acknowledged"))));
    }

    @POST
    @Path("/incidents/{id}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> resolve(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                 @PathParam("id") String id, @FormParam("note") String note) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident -> {
            List<FieldError> errors = new ArrayList<>();
            String n = text(errors, "note", note, MAX_NOTE, false);
            return ifValid(session, incident, errors, () -> owners.resolve(session, incident, n), "resolved");
        }));
    }

    @POST
    @Path("/incidents/{id}/executions/{executionId}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> approve(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                 @PathParam("id") String id, @PathParam("executionId") String executionId,
                                 @FormParam("note") String note) {
        return decide(sid, csrf, id, executionId, note, true);
    }

    @POST
    @Path("/incidents/{id}/executions/{executionId}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> reject(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                @PathParam("id") String id, @PathParam("executionId") String executionId,
                                @FormParam("note") String note) {
        return decide(sid, csrf, id, executionId, note, false);
    }

    /** Approve or reject a pending execution on remediation (its approvers decide who may). */
    private Uni<Response> decide(String sid, String csrf, String id, String executionId, String note, boolean approve) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident -> {
            List<FieldError> errors = new ArrayList<>();
            Optional<UUID> execution = uuid(executionId);
            if (execution.isEmpty()) {
                errors.add(new FieldError("executionId", "must be a UUID"));
            }
            String n = text(errors, "note", note, MAX_NOTE, false);
            return ifValid(session, incident, errors, () -> approve ? owners.approve(session, execution.get(), n)
                    : owners.reject(session, execution.get(), n), approve ? "approved" : "rejected");
        }));
    }

    /** Confirms (or corrects) the root cause on triage, which learns from it; triage checks the names. */
    @POST
    @Path("/incidents/{id}/feedback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> feedback(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                  @PathParam("id") String id, @FormParam("service") String service,
                                  @FormParam("category") String category, @FormParam("note") String note) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident -> {
            List<FieldError> errors = new ArrayList<>();
            String svc = text(errors, "service", service, MAX_SERVICE, true);
            String cat = oneOf(errors, "category", category, ConsoleReads.CATEGORIES);
            String n = text(errors, "note", note, MAX_NOTE, false);
            return ifValid(session, incident, errors, () -> owners.feedback(session, incident, svc, cat, n), "confirmed");
        }));
    }

    /** Gives one of the incident's roles to a user (comms' own data: in-process, as the person). */
    @POST
    @Path("/incidents/{id}/roles")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> assignRole(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                    @PathParam("id") String id, @FormParam("role") String role,
                                    @FormParam("user") String user) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident -> {
            List<FieldError> errors = new ArrayList<>();
            String r = oneOf(errors, "role", role, IncidentRole.ROLES);
            String u = text(errors, "user", user, IncidentRole.MAX_USER, true);
            return ifValid(session, incident, errors, () -> inProcess(roles.assign(incident, r, u, session.principal())),
                    "assigned");
        }));
    }

    @POST
    @Path("/incidents/{id}/action-items")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> addActionItem(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                       @PathParam("id") String id, @FormParam("title") String title,
                                       @FormParam("owner") String owner, @FormParam("priority") String priority,
                                       @FormParam("dueDate") String dueDate) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident -> {
            List<FieldError> errors = new ArrayList<>();
            String t = text(errors, "title", title, ActionItem.MAX_TITLE, true);
            String o = text(errors, "owner", owner, ActionItem.MAX_OWNER, true);
            String p = oneOf(errors, "priority", priority, ConsoleReads.PRIORITIES);
            LocalDate due = date(errors, "dueDate", dueDate);
            return ifValid(session, incident, errors,
                    () -> inProcess(actionItems.create(incident, t, o, p, due, session.principal())), "added");
        }));
    }

    @POST
    @Path("/incidents/{id}/action-items/{itemId}/done")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> closeActionItem(@CookieParam(COOKIE) String sid, @FormParam("csrf") String csrf,
                                         @PathParam("id") String id, @PathParam("itemId") String itemId) {
        return action(sid, csrf, true, session -> withIncident(session, id, incident -> {
            Optional<UUID> item = uuid(itemId);
            return item.isEmpty() ? badInput(session, List.of(new FieldError("itemId", "must be a UUID")))
                    : inProcess(actionItems.setStatus(item.get(), "done"))
                    .chain(outcome -> after(session, incident, outcome, "closed"));
        }));
    }

    /** A change to comms' own data as an owner's answer: its refusals (bad input, unknown incident or item) in words. */
    private static Uni<OwnerActions.Outcome> inProcess(Uni<?> change) {
        return change.map(done -> new OwnerActions.Outcome(200, null, null))
                .onFailure(InvalidInputException.class).recoverWithItem(e -> new OwnerActions.Outcome(400, e.getMessage(), null))
                .onFailure(NotFoundException.class).recoverWithItem(e -> new OwnerActions.Outcome(404, e.getMessage(), null));
    }

    /** A form field's text, stripped; an error when it is missing (and required), too long or holds a control character. */
    private static String text(List<FieldError> errors, String field, String value, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if (required && v.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (v.length() > max || v.chars().anyMatch(c -> c == 0 || (Character.isISOControl(c) && c != '\n'
                && c != '\r' && c != '\t'))) {
            errors.add(new FieldError(field, "must be at most " + max + " characters of text"));
        }
        return v;
    }

    /** A form field's date ({@code 2026-12-07}); an error when it is not one. */
    private static LocalDate date(List<FieldError> errors, String field, String value) {
        try {
            return LocalDate.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date like 2026-12-07"));
            return null;
        }
    }

    private static String oneOf(List<FieldError> errors, String field, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed)));
        }
        return value;
    }

    /** A checked form: the owner's answer to {@code call} when the form has no errors, else a 400 page naming them. */
    private Uni<Response> ifValid(ConsoleSession session, UUID incident, List<FieldError> errors,
                                  Supplier<Uni<OwnerActions.Outcome>> call, String done) {
        return errors.isEmpty() ? call.get().chain(outcome -> after(session, incident, outcome, done))
                : badInput(session, errors);
    }

    private Uni<Response> badInput(ConsoleSession session, List<FieldError> errors) {
        return page(400, Templates.error(Viewer.of(session), 400, "Bad input", InvalidInputException.summary(errors) + "."));
    }

    private Uni<Response> withIncident(ConsoleSession session, String id, Function<UUID, Uni<Response>> then) {
        Optional<UUID> incident = uuid(id);
        return incident.isEmpty()
                ? page(400, Templates.error(Viewer.of(session), 400, "Bad incident id", "id must be a UUID."))
                : then.apply(incident.get());
    }

    /** Back to the incident on success (POST-redirect-GET); the owner's refusal otherwise, with its own words. */
    private Uni<Response> after(ConsoleSession session, UUID incident, OwnerActions.Outcome outcome, String done) {
        if (outcome.ok()) {
            Log.infof("console: %s %s incident %s", session.principal(), done, incident);
            return Uni.createFrom().item(seeOther("/console/incidents/" + incident + "?done=" + done));
        }
        return refused(Viewer.of(session), outcome, "Not " + done);
    }

    /** The owner's refusal as a page, with its status and its own words (5xx and unreachable as 502). */
    static Uni<Response> refused(Viewer viewer, OwnerActions.Outcome outcome, String title) {
        int status = outcome.status() >= 500 ? 502 : outcome.status();
        String detail = outcome.detail() != null ? outcome.detail()
                : "the owning service answered " + outcome.status() + ".";
        return page(status, Templates.error(viewer, status, title, detail));
    }

    /** Reads: a page for a session, else to the sign-in page (htmx is told to go there itself). */
    Uni<Response> signedIn(String sid, String htmx, Function<ConsoleSession, Uni<Response>> then) {
        return sessions.find(sid).chain(session -> {
            if (session.isPresent()) {
                return then.apply(session.get());
            }
            return Uni.createFrom().item(htmx != null
                    ? Response.status(401).header("HX-Redirect", "/console/sign-in").build()
                    : seeOther("/console/sign-in"));
        });
    }

    /**
     * Actions: a session, its CSRF token and (for incident actions) the responder role, checked before anything
     * else; a forged POST without them is a 403 and changes nothing.
     */
    private Uni<Response> action(String sid, String csrf, boolean needsResponder,
                                 Function<ConsoleSession, Uni<Response>> then) {
        return sessions.find(sid).chain(found -> {
            if (found.isEmpty()) {
                return page(403, Templates.error(null, 403, "Not signed in",
                        "Sign in first; the session may have expired."));
            }
            ConsoleSession session = found.get();
            if (!SessionSeal.csrfMatches(session.id(), csrf)) {
                Log.warnf("console: a POST for %s without the session's CSRF token was refused", session.principal());
                return page(403, Templates.error(Viewer.of(session), 403, "Refused",
                        "The form did not carry this session's CSRF token. Reload the page and try again."));
            }
            if (needsResponder && !session.canAct()) {
                return page(403, Templates.error(Viewer.of(session), 403, "Not allowed",
                        "This needs the responder role; you are signed in as " + session.principal() + "."));
            }
            return then.apply(session);
        });
    }

    private IncidentList list(List<IncidentState> incidents, Map<String, Long> counts, Map<UUID, String> onCall,
                              Filter filter, Instant now) {
        List<IncidentRow> rows = incidents.stream().map(s -> new IncidentRow(s.id().toString(), s.displayTitle(),
                s.severity() == null ? "–" : s.severity(), s.statusOrOpen(), String.join(", ", s.services()),
                Time.of(s.startedAt()), s.startedAt() == null ? "" : ConsoleViews.age(Duration.between(s.startedAt(),
                s.resolvedAt() != null ? s.resolvedAt() : now)), onCall.get(s.id()))).toList();
        List<StatusCount> statusCounts = counts.entrySet().stream().map(e -> new StatusCount(e.getKey(), e.getValue(),
                "/console/incidents" + query(e.getKey(), blankToNull(filter.severity()), blankToNull(filter.service()))))
                .toList();
        return new IncidentList(rows, statusCounts, counts.values().stream().mapToLong(Long::longValue).sum(), filter,
                options(ConsoleReads.STATUSES, filter.status()), options(ConsoleReads.SEVERITIES, filter.severity()),
                pollSeconds);
    }

    private static List<Option> options(List<String> values, String selected) {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "any", selected.isEmpty()));
        values.forEach(v -> options.add(new Option(v, v, v.equals(selected))));
        return options;
    }

    private static String query(String status, String severity, String service) {
        StringBuilder q = new StringBuilder();
        append(q, "status", status);
        append(q, "severity", severity);
        append(q, "service", service);
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /**
     * Whether the browser came over HTTPS: to comms itself, or to the proxy in front (an Ingress terminating TLS)
     * as the first proxy tells it, in the first value of {@code X-Forwarded-Proto} or of {@code Forwarded}
     * (RFC 7239). Believing a client that claims HTTPS costs nothing: the cookie it then gets is only Secure.
     */
    static boolean overHttps(UriInfo uri, String forwardedProto, String forwarded) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(firstOf(forwardedProto))
                || FORWARDED_HTTPS.matcher(firstOf(forwarded)).find();
    }

    private static String firstOf(String list) {
        return list == null ? "" : list.split(",", 2)[0].trim();
    }

    static String cookie(String sessionId, long maxAgeSeconds, boolean secure) {
        return COOKIE + "=" + sessionId + "; Path=/console; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static Uni<Response> page(int status, TemplateInstance template) {
        return template.createUni().map(html -> Response.status(status).entity(html).type(HTML)
                .header("Cache-Control", "no-store")
                // everything the pages use is served from /console itself: no inline script, no other origin
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build());
    }

    /** A relative Location: right behind any proxy or ingress, whatever scheme and host it serves. */
    private static Response seeOther(String path) {
        return Response.status(303).header("Location", path).build();
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
