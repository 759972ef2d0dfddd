package io.irsuite.remediation.service;

import io.irsuite.remediation.client.HttpStepClient;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepOutputs;
import io.irsuite.remediation.domain.StepResult;
import io.irsuite.remediation.domain.StepStatus;
import io.irsuite.remediation.domain.StepType;
import io.irsuite.remediation.domain.UrlTemplate;
import io.irsuite.remediation.kubernetes.KubernetesSteps;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one step: each attempt within the step's timeout, up to {@code retries} more attempts with
 * {@code retryDelaySeconds} between them; an http/validate step succeeds when the status equals
 * {@code expectedStatus}. Never blocks a thread: waits are Mutiny delays.
 */
@ApplicationScoped
public class StepRunner {

    private final HttpStepClient http;
    private final KubernetesSteps kubernetes;

    public StepRunner(HttpStepClient http, KubernetesSteps kubernetes) {
        this.http = http;
        this.kubernetes = kubernetes;
    }

    /** Runs {@code step} (defaults applied) with the placeholder {@code values} of its target. */
    public Uni<StepResult> run(StepDefinition step, Map<String, String> values) {
        return run(step, values, null, StepHooks.NONE, false);
    }

    /**
     * Runs {@code step}; {@code rollbackOf} is the result of the step {@code step} rolls back (null
     * otherwise): a kubernetes rollback step undoes what that result recorded. {@code hooks} record
     * progress as it happens. {@code dryRun}: nothing is sent, the step says what it would do.
     */
    public Uni<StepResult> run(StepDefinition step, Map<String, String> values, StepResult rollbackOf, StepHooks hooks,
                               boolean dryRun) {
        StepDefinition s = step.withDefaults();
        Instant started = Instant.now();
        StepType type = s.stepType();
        if (type == StepType.WAIT) {
            int seconds = s.seconds() == null ? 0 : s.seconds();
            if (dryRun) {
                return done(StepStatus.SUCCEEDED, "dry run: would wait " + seconds + " s", started);
            }
            return waitFor(seconds, started, Instant.now().plusSeconds(seconds), hooks);
        }
        if (type == StepType.KUBERNETES) {
            if (dryRun) {
                String what = rollbackOf != null && rollbackOf.undo() != null ? "undo " + rollbackOf.undo().operation() : s.operation();
                return done(StepStatus.SUCCEEDED, "dry run: would " + what + " deployment "
                        + values.getOrDefault("namespace", "?") + "/" + values.getOrDefault("deployment", "?"), started);
            }
            return kubernetes.run(s, values, rollbackOf, hooks::beforeChange);
        }
        if (type != StepType.HTTP && type != StepType.VALIDATE) {
            return done(StepStatus.FAILED, "unknown step type " + s.type(), started);
        }
        String url;
        try {
            url = UrlTemplate.render(s.url(), values);
        } catch (UrlTemplate.MissingValueException e) {
            return Uni.createFrom().item(new StepResult(StepStatus.FAILED, 0,
                    "cannot build the URL from " + s.url() + ": " + e.getMessage() + hint(e.getMessage(), values),
                    started, Instant.now(), null, true));
        }
        if (dryRun) {
            return done(StepStatus.SUCCEEDED, "dry run: would " + s.method() + " " + url, started);
        }
        return attempt(s, url, 1, started, hooks);
    }

    /** Waits in slices of at most a second, cut short (and still SUCCEEDED) when the execution is asked to stop. */
    private Uni<StepResult> waitFor(int seconds, Instant started, Instant until, StepHooks hooks) {
        Duration left = Duration.between(Instant.now(), until);
        if (left.isNegative() || left.isZero()) {
            return done(StepStatus.SUCCEEDED, "waited " + seconds + " s", started);
        }
        Duration slice = left.compareTo(Duration.ofSeconds(1)) < 0 ? left : Duration.ofSeconds(1);
        return Uni.createFrom().voidItem().onItem().delayIt().by(slice)
                .chain(hooks::stopRequested)
                .chain(stop -> stop
                        ? done(StepStatus.SUCCEEDED, "waited " + Duration.between(started, Instant.now()).toSeconds()
                        + " of " + seconds + " s (cut short: the execution was asked to stop)", started)
                        : waitFor(seconds, started, until, hooks));
    }

    private static Uni<StepResult> done(StepStatus status, String output, Instant started) {
        return Uni.createFrom().item(new StepResult(status, 1, output, started, Instant.now()));
    }

    private Uni<StepResult> attempt(StepDefinition s, String url, int attempt, Instant started, StepHooks hooks) {
        Uni<Void> recorded = attempt == 1 ? Uni.createFrom().voidItem() : hooks.beforeAttempt(attempt);
        return recorded.chain(() -> http.call(s.method(), url, s.headers(), s.body(), s.timeoutSeconds())).chain(result -> {
            boolean ok = result.status() != null && result.status().intValue() == s.expectedStatus();
            String output = describe(s, url, result) + (attempt > 1 ? " (attempt " + attempt + ")" : "");
            if (ok || attempt > s.retries()) {
                return Uni.createFrom().item(new StepResult(ok ? StepStatus.SUCCEEDED : StepStatus.FAILED,
                        attempt, output, started, Instant.now(), null, !ok && result.status() == null));
            }
            Log.infof("step '%s' attempt %d of %d failed (%s); retrying in %d s", s.name(), attempt,
                    s.retries() + 1, output, s.retryDelaySeconds());
            Uni<Void> pause = s.retryDelaySeconds() == 0 ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(s.retryDelaySeconds()));
            return pause.chain(() -> attempt(s, url, attempt + 1, started, hooks));
        });
    }

    private static String describe(StepDefinition s, String url, HttpStepClient.Result result) {
        if (result.status() != null) {
            return StepOutputs.httpResult(s.method(), url, result.status(), result.millis(), s.expectedStatus(), result.bodyExcerpt());
        }
        if (result.timedOut()) {
            return StepOutputs.httpTimeout(s.method(), url, s.timeoutSeconds());
        }
        return StepOutputs.httpError(s.method(), url, result.error());
    }

    private static String hint(String message, Map<String, String> values) {
        if (message.contains("${service}")) {
            return " (the execution has no target service)";
        }
        if (message.contains("${namespace}") || message.contains("${deployment}")) {
            return " (service '" + values.getOrDefault("service", "?")
                    + "' has no Kubernetes coordinates in the catalog replica)";
        }
        return "";
    }
}
