package io.irsuite.detection.service;

import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.HeartbeatRules;
import io.irsuite.detection.repository.HeartbeatRepository;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alertmanager's {@code Watchdog} (an alert that always fires, so that its absence shows a broken alerting
 * pipeline) as a heartbeat. A Watchdog alert of a webhook pings the heartbeat named by its
 * {@code heartbeat} label, else {@code ir.detection.heartbeats.watchdog-heartbeat}, instead of being
 * stored, when that heartbeat exists; its outcome is {@code heartbeat}. Without such a heartbeat it is an
 * ordinary alert, as before. The webhook's other alerts take the ordinary path, and are stored before
 * the pings, so that a refused webhook (400) pings nothing.
 */
@ApplicationScoped
public class AlertmanagerWatchdog {

    public static final String ALERTNAME = "Watchdog";
    public static final String OUTCOME = "heartbeat";
    private static final Pattern ALERT_INDEX = Pattern.compile("^alerts\\[(\\d+)](.*)$", Pattern.DOTALL);

    private final AlertIngestService ingest;
    private final HeartbeatService heartbeats;
    private final HeartbeatRepository repository;
    private final IrConfig config;

    public AlertmanagerWatchdog(AlertIngestService ingest, HeartbeatService heartbeats,
                                HeartbeatRepository repository, IrConfig config) {
        this.ingest = ingest;
        this.heartbeats = heartbeats;
        this.repository = repository;
        this.config = config;
    }

    /** The webhook: Watchdog alerts ping their heartbeats, the others are ingested; outcomes in input order. */
    public Uni<IngestResult> ingest(AlertmanagerWebhook hook) {
        if (!"4".equals(hook.version()) || hook.alerts() == null) {
            return ingest.ingestAlertmanager(hook);
        }
        List<String> wanted = new ArrayList<>();
        for (AlertmanagerWebhook.AmAlert a : hook.alerts()) {
            wanted.add(heartbeatOf(a));
        }
        List<String> names = wanted.stream().filter(n -> n != null).distinct().toList();
        if (names.isEmpty()) {
            return ingest.ingestAlertmanager(hook);
        }
        return repository.existing(names).chain(existing -> {
            List<Integer> rest = new ArrayList<>();
            LinkedHashSet<String> pings = new LinkedHashSet<>();
            for (int i = 0; i < wanted.size(); i++) {
                String name = wanted.get(i);
                if (name == null || !existing.contains(name)) {
                    rest.add(i);
                } else if (isFiring(hook, hook.alerts().get(i))) {
                    pings.add(name);
                }
            }
            Uni<IngestResult> others = rest.isEmpty() ? Uni.createFrom().item(new IngestResult(List.of()))
                    : ingest.ingestAlertmanager(only(hook, rest))
                            .onFailure(InvalidInputException.class).transform(e -> renumber((InvalidInputException) e, rest));
            return others.call(() -> Multi.createFrom().iterable(pings)
                            // deleted since it was looked up: the alert has pinged nothing, as if it came a moment later
                            .onItem().transformToUniAndConcatenate(n -> heartbeats.ping(n, HeartbeatService.VIA_ALERTMANAGER)
                                    .onFailure(NotFoundException.class).recoverWithNull())
                            .collect().last())
                    .map(result -> merge(hook, wanted, rest, result));
        });
    }

    /** The heartbeat a Watchdog alert would ping, or null for any other alert. */
    String heartbeatOf(AlertmanagerWebhook.AmAlert a) {
        Map<String, String> labels = a.labels();
        if (labels == null || !ALERTNAME.equals(labels.get("alertname"))) {
            return null;
        }
        String named = labels.get("heartbeat");
        return named != null && !named.isBlank() ? named.strip() : config.detection().heartbeats().watchdogHeartbeat();
    }

    private static boolean isFiring(AlertmanagerWebhook hook, AlertmanagerWebhook.AmAlert a) {
        String status = a.status() != null ? a.status() : hook.status();
        return AlertStatus.parse(status).orElse(AlertStatus.FIRING) == AlertStatus.FIRING;
    }

    private static AlertmanagerWebhook only(AlertmanagerWebhook h, List<Integer> indexes) {
        List<AlertmanagerWebhook.AmAlert> alerts = indexes.stream().map(h.alerts()::get).toList();
        return new AlertmanagerWebhook(h.version(), h.groupKey(), h.truncatedAlerts(), h.status(), h.receiver(),
                h.groupLabels(), h.commonLabels(), h.commonAnnotations(), h.externalURL(), alerts);
    }

    /** Field names of the reduced webhook ({@code alerts[0]...}) back to the positions the sender sent. */
    static InvalidInputException renumber(InvalidInputException e, List<Integer> rest) {
        List<FieldError> errors = e.errors().stream().map(err -> {
            Matcher m = err.field() == null ? null : ALERT_INDEX.matcher(err.field());
            if (m == null || !m.matches()) {
                return err;
            }
            int reduced = Integer.parseInt(m.group(1));
            return reduced < rest.size() ? new FieldError("alerts[" + rest.get(reduced) + "]" + m.group(2), err.message())
                    : err;
        }).toList();
        return new InvalidInputException(InvalidInputException.summary(errors), errors);
    }

    private static IngestResult merge(AlertmanagerWebhook hook, List<String> wanted, List<Integer> rest,
                                      IngestResult others) {
        List<IngestResult.Outcome> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < wanted.size(); i++) {
            if (next < rest.size() && rest.get(next) == i) {
                out.add(others.alerts().get(next++));
            } else {
                String fp = hook.alerts().get(i).fingerprint();
                out.add(new IngestResult.Outcome(fp != null && !fp.isBlank() ? fp
                        : HeartbeatRules.fingerprint(wanted.get(i)), OUTCOME, null));
            }
        }
        return new IngestResult(out);
    }
}
