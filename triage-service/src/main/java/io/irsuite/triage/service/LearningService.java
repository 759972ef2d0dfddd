package io.irsuite.triage.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.irsuite.events.Payloads;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.triage.domain.Action;
import io.irsuite.triage.domain.ActionOutcomes;
import io.irsuite.triage.domain.CandidateScore;
import io.irsuite.triage.domain.Category;
import io.irsuite.triage.domain.IncidentOutcome;
import io.irsuite.triage.domain.ModelTrainer;
import io.irsuite.triage.domain.PastIncident;
import io.irsuite.triage.domain.TriageModel;
import io.irsuite.triage.domain.TriageResult;
import io.irsuite.triage.domain.Weights;
import io.irsuite.triage.repository.IncidentRepository;
import io.irsuite.triage.repository.LearningRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Learns from outcomes. A confirmed cause (feedback, a person's resolution note naming a candidate,
 * or a remediation on the root cause that verified recovery) becomes a training example and a past
 * incident; a remediation outcome counts for or against its action in the root cause's category.
 * Each of them stores the next model version (weights retrained on every confirmed outcome, action
 * tallies), which the next triage reads. Versions are serialised by an advisory lock.
 */
@ApplicationScoped
public class LearningService {

    /** How many confirmed outcomes the model trains on and the knowledge base keeps, newest first. */
    static final int MAX_OUTCOMES = 1000;

    /** What a confirmation did. */
    public record Confirmation(IncidentOutcome outcome, boolean applied, boolean wasTopCandidate,
                               CandidateScore triagedAs, int modelVersion) {
    }

    private final StoredJson stored;
    private final LearningRepository learning;
    private final IncidentRepository incidents;
    private final MeterRegistry registry;
    private volatile Knowledge cached = Knowledge.coldStart();

    public LearningService(StoredJson stored, LearningRepository learning, IncidentRepository incidents,
                           MeterRegistry registry) {
        this.stored = stored;
        this.learning = learning;
        this.incidents = incidents;
        this.registry = registry;
    }

    /** What the model knows now. One small query when nothing changed since the last call. */
    public Uni<Knowledge> knowledge() {
        return learning.latestVersion().chain(version -> {
            Knowledge known = cached;
            if (known.version() == version) {
                return Uni.createFrom().item(known);
            }
            return learning.model(version).chain(model -> learning.recentOutcomes(MAX_OUTCOMES).map(outcomes -> {
                Knowledge loaded = new Knowledge(weights(model), actionOutcomes(model),
                        outcomes.stream().map(this::past).toList());
                cached = loaded;
                return loaded;
            }));
        });
    }

    /** The current model, or the priors before the first outcome. */
    @WithSession
    public Uni<ModelView> model() {
        return learning.latestVersion().chain(learning::model).map(model -> model == null
                ? new ModelView(0, 0, null, "priors (cold start)", Weights.defaults().byName(), List.of())
                : new ModelView(model.version, model.examples, model.trainedAt, model.reason,
                weights(model).byName(), stored.read(model.actionOutcomes, new TypeReference<List<ModelView.ActionRate>>() {
                })));
    }

    /** The current model as {@code GET /api/v1/model} shows it. */
    public record ModelView(int version, int examples, Instant trainedAt, String reason, Map<String, Double> weights,
                            List<ActionRate> actions) {

        public record ActionRate(String category, String action, long succeeded, long failed, double successRate) {
        }
    }

    /** {@code POST /api/v1/incidents/{id}/feedback}: a person confirms the cause. */
    @WithTransaction
    public Uni<Confirmation> feedback(UUID incidentId, String service, Category category, String by, String note) {
        return incidents.latestResult(incidentId)
                .onItem().ifNull().failWith(() -> new NotFoundException("incident " + incidentId + " has not been triaged"))
                .chain(result -> confirm(result, service, category, IncidentOutcome.Source.FEEDBACK, by, note, note));
    }

    /** Forgets every confirmed and action outcome and stores a new version holding the priors. */
    @WithTransaction
    public Uni<Integer> reset(String by) {
        return learning.lockForRetraining()
                .chain(learning::deleteOutcomes)
                .chain(() -> retrain("reset by " + by + ": back to the priors"))
                .invoke(version -> Log.warnf("model reset to the priors by %s (v%d)", by, version));
    }

    /**
     * A remediation ended SUCCEEDED. A dry run changed nothing, so it says nothing about the action or the
     * cause and teaches nothing. Inside the caller's transaction.
     */
    Uni<Void> remediationSucceeded(UUID incidentId, UUID executionId, String action, String target, boolean dryRun) {
        if (dryRun) {
            Log.infof("incident %s: dry run %s of %s (execution %s) teaches nothing: nothing was changed", incidentId,
                    action, target, executionId);
            return Uni.createFrom().voidItem();
        }
        return remediationOutcome(incidentId, executionId, action, target, true);
    }

    /**
     * A remediation ended FAILED or ROLLED_BACK. It counts against its action only when {@code failure} blames
     * the action (a step failed, the service did not recover, or an older producer that does not say): a crash
     * of the suite, an unreachable target, a rejection or a cancel says nothing about whether the action works.
     * Inside the caller's transaction.
     */
    Uni<Void> remediationFailed(UUID incidentId, UUID executionId, String action, String target, String failure) {
        if (!Payloads.RemediationFailures.blamesAction(failure)) {
            Log.infof("incident %s: %s of %s (execution %s) ended %s, not counted against the action", incidentId,
                    action, target, executionId, failure);
            return Uni.createFrom().voidItem();
        }
        return remediationOutcome(incidentId, executionId, action, target, false);
    }

    /**
     * A remediation finished. Counts for or against its action in the triaged category; a verified recovery
     * by an action on the root cause confirms it. Inside the caller's transaction.
     */
    private Uni<Void> remediationOutcome(UUID incidentId, UUID executionId, String action, String target, boolean succeeded) {
        if (executionId == null || action == null || Action.fromWire(action) == null) {
            return Uni.createFrom().voidItem();
        }
        return incidents.latestResult(incidentId).chain(result -> {
            StoredAnalysis analysis = analysis(result);
            if (analysis == null || analysis.candidates().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            StoredAnalysis.StoredCandidate root = analysis.candidates().get(0);
            return learning.recordAction(incidentId, executionId, root.category(), action, succeeded, Instant.now())
                    .chain(recorded -> {
                        if (!recorded) {
                            return Uni.createFrom().voidItem();
                        }
                        if (succeeded && Objects.equals(target, root.service())) {
                            Category category = Category.fromWire(root.category());
                            return confirm(result, root.service(), category, IncidentOutcome.Source.REMEDIATION,
                                    "remediation", null, action + " on " + target + " verified recovery").replaceWithVoid();
                        }
                        return retrain(action + " on " + target + (succeeded ? " succeeded" : " failed")
                                + " for " + root.category() + " (incident " + incidentId + ")").replaceWithVoid();
                    });
        });
    }

    /**
     * A person resolved the incident with a note. When the note names exactly one of the candidates, that
     * candidate is the confirmed cause, in the category triage gave it. Inside the caller's transaction.
     */
    Uni<Void> resolutionNote(UUID incidentId, String by, String note) {
        if (note == null || note.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return incidents.latestResult(incidentId).chain(result -> {
            StoredAnalysis analysis = analysis(result);
            if (analysis == null) {
                return Uni.createFrom().voidItem();
            }
            List<StoredAnalysis.StoredCandidate> named = analysis.candidates().stream()
                    .filter(c -> mentions(note, c.service())).toList();
            if (named.size() != 1) {
                Log.debugf("resolution note of %s names %d candidates: not a confirmation", incidentId, named.size());
                return Uni.createFrom().voidItem();
            }
            StoredAnalysis.StoredCandidate cause = named.get(0);
            return confirm(result, cause.service(), Category.fromWire(cause.category()),
                    IncidentOutcome.Source.RESOLUTION_NOTE, by, note, note).replaceWithVoid();
        });
    }

    static boolean mentions(String text, String service) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(service.toLowerCase(Locale.ROOT)) + "(?![\\w-])")
                .matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    private Uni<Confirmation> confirm(TriageResult result, String service, Category category,
                                      IncidentOutcome.Source source, String by, String note, String resolution) {
        StoredAnalysis analysis = analysis(result);
        if (analysis == null) {
            return Uni.createFrom().failure(new NotFoundException("incident " + result.incidentId
                    + " was triaged before learning was enabled"));
        }
        List<CandidateScore> ranked = analysis.ranked();
        CandidateScore top = ranked.isEmpty() ? null : ranked.get(0);
        boolean wasTop = top != null && top.service().equals(service);
        return learning.outcome(result.incidentId).chain(existing -> {
            if (existing != null && IncidentOutcome.Source.fromWire(existing.source).compareTo(source) > 0) {
                Log.infof("kept the %s confirmation of incident %s over a %s one", existing.source, result.incidentId,
                        source.wire());
                return learning.latestVersion().map(v -> new Confirmation(existing, false, wasTop, top, v));
            }
            IncidentOutcome outcome = existing != null ? existing : new IncidentOutcome();
            outcome.rootService = service;
            outcome.category = category.wire();
            outcome.source = source.wire();
            outcome.confirmedBy = by;
            outcome.note = note;
            outcome.resolution = resolution;
            outcome.triageVersion = result.version;
            outcome.example = stored.write(ModelTrainer.Example.of(ranked, service));
            outcome.signature = stored.write(analysis.signature());
            outcome.recordedAt = Instant.now();
            Uni<Void> stored;
            if (existing == null) {
                outcome.incidentId = result.incidentId;
                stored = outcome.persist().replaceWithVoid();
            } else {
                stored = Uni.createFrom().voidItem();
            }
            registry.counter("ir.triage.outcomes", "source", source.wire(), "top", String.valueOf(wasTop)).increment();
            return stored.chain(() -> retrain(source.wire() + " confirmed " + category.wire() + " on " + service
                            + " for incident " + result.incidentId))
                    .map(version -> new Confirmation(outcome, true, wasTop, top, version));
        });
    }

    /** Trains on every confirmed outcome and stores the next version; returns it. */
    private Uni<Integer> retrain(String reason) {
        return learning.lockForRetraining()
                .chain(() -> learning.recentOutcomes(MAX_OUTCOMES))
                .chain(outcomes -> learning.actionTallies().chain(tallies -> learning.latestVersion().chain(latest -> {
                    List<ModelTrainer.Example> examples = outcomes.stream()
                            .map(o -> stored.read(o.example, ModelTrainer.Example.class)).toList();
                    Weights weights = ModelTrainer.train(examples, latest + 1);
                    TriageModel model = new TriageModel();
                    model.version = weights.version();
                    model.weights = stored.write(weights.byName());
                    model.actionOutcomes = stored.write(tallies.stream().map(t -> new ModelView.ActionRate(t.category(),
                            t.action(), t.succeeded(), t.failed(),
                            Math.round(new ActionOutcomes.Tally((int) t.succeeded(), (int) t.failed()).successRate() * 1000)
                                    / 1000.0)).toList());
                    model.examples = examples.size();
                    model.reason = reason;
                    model.trainedAt = Instant.now();
                    return model.persist().invoke(() -> Log.infof("model v%d trained on %d outcomes: %s",
                            model.version, model.examples, reason)).replaceWith(model.version);
                })));
    }

    private Weights weights(TriageModel model) {
        if (model == null) {
            return Weights.defaults();
        }
        return Weights.fromNames(model.version, stored.read(model.weights, new TypeReference<LinkedHashMap<String, Double>>() {
        }), model.examples);
    }

    private ActionOutcomes actionOutcomes(TriageModel model) {
        if (model == null) {
            return ActionOutcomes.none();
        }
        Map<ActionOutcomes.Key, ActionOutcomes.Tally> tallies = new HashMap<>();
        for (ModelView.ActionRate r : stored.read(model.actionOutcomes, new TypeReference<List<ModelView.ActionRate>>() {
        })) {
            Category category = Category.fromWire(r.category());
            Action action = Action.fromWire(r.action());
            if (category != null && action != null) {
                tallies.put(new ActionOutcomes.Key(category, action),
                        new ActionOutcomes.Tally((int) r.succeeded(), (int) r.failed()));
            }
        }
        return new ActionOutcomes(tallies);
    }

    private PastIncident past(IncidentOutcome o) {
        Category category = Category.fromWire(o.category);
        return new PastIncident(o.incidentId.toString(), Set.copyOf(stored.read(o.signature, new TypeReference<List<String>>() {
        })), o.rootService, category == null ? Category.UNKNOWN : category,
                o.resolution == null ? o.source.replace('_', ' ') + " confirmed it" : o.resolution);
    }

    StoredAnalysis analysis(TriageResult result) {
        return result == null || result.analysis == null ? null : stored.read(result.analysis, StoredAnalysis.class);
    }
}
