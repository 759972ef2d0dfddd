package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.AlertInput;
import io.irsuite.detection.domain.AlertRules;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.Signal;
import io.irsuite.detection.domain.SignalBaseline;
import io.irsuite.detection.domain.SignalParams;
import io.irsuite.detection.repository.SignalBaselines;
import io.irsuite.events.Payloads;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Golden-signal samples ({@code POST /api/v1/signals}): each value is judged against its service's learned
 * baseline ({@link SignalBaseline}) and learned, in one transaction per request under the baselines' row
 * locks; after the commit, the alerts the samples raised, re-asserted or resolved go through
 * {@link AlertIngestService#ingestNormalized}, like any other source's. The result is emitted once they are
 * stored.
 */
@ApplicationScoped
public class SignalIngestService {

    /** The alerts' {@code source}, and the entry point label of their ingest metrics. */
    public static final String SOURCE = "signals";
    static final String SEVERITY = "warning";
    static final String ALL_SIGNALS = "latencyP95Ms, requestRate, errorRate, saturation";

    /** One validated sample: the values present, by signal. */
    record Sample(String service, Instant at, Map<Signal, Double> values) {
    }

    /** What the baseline transaction decided for one sample. */
    private record Decided(Sample sample, Map<Signal, SignalBaseline.Step> steps) {
    }

    /** A baseline of a service, for display. */
    public record BaselineView(String signal, String state, long samples, Double baseline, Double stddev,
                               Instant anomalousSince, Instant lastAt) {
    }

    private final SignalBaselines baselines;
    private final AlertIngestService ingest;
    private final SignalMetrics metrics;
    private final ObjectMapper mapper;
    private final SignalParams params;
    private final int maxSamples;

    public SignalIngestService(SignalBaselines baselines, AlertIngestService ingest, SignalMetrics metrics,
                               ObjectMapper mapper, IrConfig config) {
        this.baselines = baselines;
        this.ingest = ingest;
        this.metrics = metrics;
        this.mapper = mapper;
        this.params = params(config.detection().signals());
        this.maxSamples = config.detection().signals().maxSamplesPerRequest();
    }

    /** The configured parameters; a nonsensical combination stops the start with a message naming the key. */
    static SignalParams params(IrConfig.Signals c) {
        return new SignalParams(c.warmUpSamples(), c.alpha(), c.raiseSigma(), c.resolveSigma(), c.confirmSamples(),
                c.resolveSamples(), c.minRelativeStddev(),
                Map.of(Signal.LATENCY_P95_MS, c.minStddev().latencyP95Ms(),
                        Signal.REQUEST_RATE, c.minStddev().requestRate(),
                        Signal.ERROR_RATE, c.minStddev().errorRate(),
                        Signal.SATURATION, c.minStddev().saturation()),
                c.rebaselineAfter());
    }

    public SignalParams params() {
        return params;
    }

    /** One sample object or an array of them. */
    public Uni<SignalIngestResult> ingest(JsonNode body) {
        List<Sample> samples;
        try {
            samples = parse(body, Clock.now());
        } catch (InvalidInputException e) {
            return Uni.createFrom().failure(e);
        }
        TreeSet<SignalBaselines.Key> keys = new TreeSet<>();
        samples.forEach(s -> s.values().keySet().forEach(signal -> keys.add(new SignalBaselines.Key(s.service(), signal))));
        return baselines.update(keys, states -> decide(samples, states))
                .chain(this::assertAlerts);
    }

    /** Pure: runs every value through its baseline, in the order of the request. */
    private SignalBaselines.Changes<List<Decided>> decide(List<Sample> samples,
                                                           Map<SignalBaselines.Key, SignalBaseline> locked) {
        Map<SignalBaselines.Key, SignalBaseline> states = new HashMap<>(locked);
        List<Decided> out = new ArrayList<>();
        for (Sample sample : samples) {
            Map<Signal, SignalBaseline.Step> steps = new EnumMap<>(Signal.class);
            sample.values().forEach((signal, value) -> {
                SignalBaselines.Key key = new SignalBaselines.Key(sample.service(), signal);
                SignalBaseline.Step step = states.get(key).observe(signal, value, sample.at(), params);
                states.put(key, step.next());
                steps.put(signal, step);
            });
            out.add(new Decided(sample, steps));
        }
        return new SignalBaselines.Changes<>(states, out);
    }

    /** After the baselines committed: the alerts of every raise, re-assertion and resolve, then the answer. */
    private Uni<SignalIngestResult> assertAlerts(List<Decided> decided) {
        Instant now = Clock.now();
        List<NormalizedAlert> alerts = new ArrayList<>();
        int applied = 0;
        int ignored = 0;
        for (Decided d : decided) {
            for (Map.Entry<Signal, SignalBaseline.Step> e : d.steps().entrySet()) {
                SignalBaseline.Step step = e.getValue();
                if (step.phase() == SignalBaseline.Phase.IGNORED) {
                    ignored++;
                } else {
                    applied++;
                }
                if (step.decision() != SignalBaseline.Decision.NONE) {
                    String decision = step.decision() == SignalBaseline.Decision.RAISE ? "raise" : "resolve";
                    metrics.anomaly(e.getKey().field(), decision);
                    Log.infof("signals: %s of %s: %s", decision, d.sample().service(), step.explanation());
                }
                if (step.alert() != SignalBaseline.AlertAction.NONE) {
                    alerts.add(alert(d.sample().service(), e.getKey(), step, now));
                }
            }
        }
        metrics.samples("applied", applied);
        metrics.samples("ignored", ignored);
        int appliedCount = applied;
        int ignoredCount = ignored;
        Uni<List<IngestResult.Outcome>> stored = alerts.isEmpty() ? Uni.createFrom().item(List.of())
                : ingest.ingestNormalized(alerts, SOURCE).map(IngestResult::alerts);
        return stored.map(outcomes -> {
            List<SignalIngestResult.Sample> samples = new ArrayList<>();
            int next = 0;
            for (Decided d : decided) {
                Map<String, SignalIngestResult.Judged> signals = new LinkedHashMap<>();
                List<SignalIngestResult.AlertChange> changes = new ArrayList<>();
                for (Map.Entry<Signal, SignalBaseline.Step> e : d.steps().entrySet()) {
                    SignalBaseline.Step step = e.getValue();
                    signals.put(e.getKey().field(), judged(step));
                    if (step.alert() != SignalBaseline.AlertAction.NONE) {
                        NormalizedAlert a = alerts.get(next);
                        IngestResult.Outcome o = outcomes.get(next++);
                        changes.add(new SignalIngestResult.AlertChange(e.getKey().field(), a.name(), o.fingerprint(),
                                a.status().wire(), o.outcome(), o.incidentId(), a.description()));
                    }
                }
                samples.add(new SignalIngestResult.Sample(d.sample().service(), d.sample().at(), signals, changes));
            }
            return new SignalIngestResult(appliedCount, ignoredCount, samples);
        });
    }

    private static SignalIngestResult.Judged judged(SignalBaseline.Step step) {
        String decision = switch (step.decision()) {
            case RAISE -> "raise";
            case RESOLVE -> "resolve";
            case NONE -> null;
        };
        return new SignalIngestResult.Judged(step.value(), step.phase().wire(), round(step.baseline()),
                round(step.stddev()), round(step.sigma()), decision);
    }

    /**
     * The alert of one signal of one service: one fingerprint per service and signal (derived from source,
     * service, name and the signal label), so a re-assertion is a duplicate and a resolve finds it.
     */
    private NormalizedAlert alert(String service, Signal signal, SignalBaseline.Step step, Instant now) {
        boolean firing = step.alert() == SignalBaseline.AlertAction.FIRING;
        String side = step.sigma() != null && step.sigma() < 0 ? "below" : "above";
        String summary = firing ? signal.field() + " of " + service + " far " + side + " its baseline"
                : signal.field() + " of " + service + " back to its baseline";
        ObjectNode metricsNode = metrics(signal, step);
        Payloads.AlertMetrics typed;
        try {
            typed = mapper.treeToValue(metricsNode, Payloads.AlertMetrics.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        AlertInput input = new AlertInput(SOURCE, service, signal.alertName(), firing ? "firing" : "resolved",
                SEVERITY, summary, step.explanation(), new TreeMap<>(Map.of("signal", signal.field())),
                firing ? step.alertAt() : null, firing ? null : step.alertAt(), null, typed, null, null);
        return AlertRules.normalize(input, metricsNode.toString(), now);
    }

    /** What triage reads (latencyP95Ms with baselineP95Ms, errorRate) plus the signal, its baseline and sigmas. */
    private ObjectNode metrics(Signal signal, SignalBaseline.Step step) {
        ObjectNode m = mapper.createObjectNode();
        switch (signal) {
            case LATENCY_P95_MS -> {
                m.put("latencyP95Ms", step.value());
                if (step.baseline() != null) {
                    m.put("baselineP95Ms", round(step.baseline()));
                }
            }
            case ERROR_RATE -> m.put("errorRate", step.value());
            default -> {
                m.put(signal.field(), step.value());
                if (step.baseline() != null) {
                    String name = "baseline" + Character.toUpperCase(signal.field().charAt(0))
                            + signal.field().substring(1);
                    m.put(name, round(step.baseline()));
                }
            }
        }
        if (step.sigma() != null) {
            m.put("deviationSigma", round(step.sigma()));
        }
        return m;
    }

    /** The learned baselines of one service. */
    public Uni<List<BaselineView>> baselines(String service) {
        return baselines.ofService(service).map(rows -> {
            if (rows.isEmpty()) {
                throw new NotFoundException("no signal samples for service " + service);
            }
            return rows.stream().map(r -> {
                SignalBaseline b = r.baseline();
                String state = b.anomalous() ? SignalBaseline.Phase.ANOMALOUS.wire()
                        : b.count() < params.warmUpSamples() ? SignalBaseline.Phase.WARMING_UP.wire()
                        : SignalBaseline.Phase.NORMAL.wire();
                return new BaselineView(r.key().signal().field(), state, b.count(), b.count() == 0 ? null : round(b.mean()),
                        b.count() < params.warmUpSamples() ? null : round(b.stddev(r.key().signal(), params)),
                        b.anomalousSince(), b.lastAt());
            }).toList();
        });
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    // ---- validation ----------------------------------------------------------------------------

    /** Every error of the request, each named by its JSON path ({@code [2].errorRate}); all or nothing. */
    List<Sample> parse(JsonNode body, Instant now) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw InvalidInputException.of("", "a JSON sample object or array of samples is required");
        }
        if (body.isObject()) {
            return List.of(parseOne(body, now));
        }
        if (!body.isArray()) {
            throw InvalidInputException.of("", "must be a sample object or an array of samples");
        }
        if (body.isEmpty()) {
            throw InvalidInputException.of("", "the array of samples is empty");
        }
        if (body.size() > maxSamples) {
            throw InvalidInputException.of("", "at most " + maxSamples + " samples per request");
        }
        List<Sample> out = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String prefix = "[" + i + "]";
            try {
                if (!body.get(i).isObject()) {
                    throw InvalidInputException.of("", "must be a sample object");
                }
                out.add(parseOne(body.get(i), now));
            } catch (InvalidInputException e) {
                e.errors().forEach(err -> errors.add(err.under(prefix)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return out;
    }

    private static Sample parseOne(JsonNode node, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode serviceNode = node.get("service");
        String service = null;
        if (serviceNode == null || serviceNode.isNull() || (serviceNode.isTextual() && serviceNode.textValue().isBlank())) {
            errors.add(new FieldError("service", "is required"));
        } else if (!serviceNode.isTextual()) {
            errors.add(new FieldError("service", "must be a string"));
        } else if (serviceNode.textValue().trim().length() > AlertRules.MAX_NAME_LENGTH) {
            errors.add(new FieldError("service", "must be at most " + AlertRules.MAX_NAME_LENGTH + " characters"));
        } else {
            service = serviceNode.textValue().trim();
        }
        Instant at = now;
        JsonNode atNode = node.get("at");
        if (atNode != null && !atNode.isNull()) {
            try {
                if (!atNode.isTextual()) {
                    throw new DateTimeParseException("not text", "", 0);
                }
                Instant parsed = OffsetDateTime.parse(atNode.textValue()).toInstant().truncatedTo(ChronoUnit.MICROS);
                // a clock ahead of ours is clamped: a far-future time would make every later sample "older"
                at = parsed.isAfter(now) ? now : parsed;
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("at", "must be an ISO-8601 timestamp with an offset (2026-11-22T10:00:00Z)"));
            }
        }
        Map<Signal, Double> values = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
            JsonNode v = node.get(signal.field());
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isNumber()) {
                errors.add(new FieldError(signal.field(), "must be a number"));
                continue;
            }
            String range = signal.rangeError(v.doubleValue());
            if (range != null) {
                errors.add(new FieldError(signal.field(), range));
            } else {
                values.put(signal, v.doubleValue());
            }
        }
        if (values.isEmpty() && errors.stream().noneMatch(e -> Signal.byField(e.field()).isPresent())) {
            errors.add(new FieldError("signals", "at least one of " + ALL_SIGNALS + " is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Sample(service, at, values);
    }
}
