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
        return run(step, values, null);
    }

    /**
     * Runs {@code step}; {@code rollbackOf} is the result of the step {@code step} rolls back (null
     * otherwise): a kubernetes rollback step undoes what that result recorded.
     */
    public Uni<StepResult> run(StepDefinition step, Map<String, String> values, StepResult rollbackOf) {
        StepDefinition s = step.withDefaults();
        Instant started = Instant.now();
        StepType type = s.stepType();
        if (type == StepType.WAIT) {
            int seconds = s.seconds() == null ? 0 : s.seconds();
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(seconds))
                    .map(ignored -> new StepResult(StepStatus.SUCCEEDED, 1, "waited " + seconds + " s", started, Instant.now()));
        }
        if (type == StepType.KUBERNETES) {
            return kubernetes.run(s, values, rollbackOf);
        }
        if (type != StepType.HTTP && type != StepType.VALIDATE) {
            return Uni.createFrom().item(new StepResult(StepStatus.FAILED, 0, "unknown step type " + s.type(), started, Instant.now()));
        }
        String url;
        try {
            url = UrlTemplate.render(s.url(), values);
        } catch (UrlTemplate.MissingValueException e) {
            return Uni.createFrom().item(new StepResult(StepStatus.FAILED, 0,
                    "cannot build the URL from " + s.url() + ": " + e.getMessage() + hint(e.getMessage(), values),
                    started, Instant.now()));
        }
        return attempt(s, url, 1, started);
    }

    private Uni<StepResult> attempt(StepDefinition s, String url, int attempt, Instant started) {
        return http.call(s.method(), url, s.headers(), s.body(), s.timeoutSeconds()).chain(result -> {
            boolean ok = result.status() != null && result.status().intValue() == s.expectedStatus();
            String output = describe(s, url, result) + (attempt > 1 ? " (attempt " + attempt + ")" : "");
            if (ok || attempt > s.retries()) {
                return Uni.createFrom().item(new StepResult(ok ? StepStatus.SUCCEEDED : StepStatus.FAILED,
                        attempt, output, started, Instant.now()));
            }
            Log.infof("step '%s' attempt %d of %d failed (%s); retrying in %d s", s.name(), attempt,
                    s.retries() + 1, output, s.retryDelaySeconds());
            Uni<Void> pause = s.retryDelaySeconds() == 0 ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(s.retryDelaySeconds()));
            return pause.chain(() -> attempt(s, url, attempt + 1, started));
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
