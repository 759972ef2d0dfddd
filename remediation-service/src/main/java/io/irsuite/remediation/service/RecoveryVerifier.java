package io.irsuite.remediation.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.remediation.client.HttpStepClient;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.MetricQuery;
import io.irsuite.remediation.domain.VerifyDefinition.MetricCheck;
import io.irsuite.remediation.service.ExecutionLedger.Transition;
import io.irsuite.remediation.service.ExecutionLedger.Verification;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Verified recovery (contract {@code verify}): an execution whose steps are done waits, held by no
 * runner, until every alert of its incident has resolved (and its metric check passes), then it is
 * SUCCEEDED; past {@code withinSeconds} it records {@code not_recovered} and is queued for its
 * rollbacks. Checked when an alert of the incident resolves (after that event's commit) and every
 * {@code ir.remediation.verify-poll-interval} on every replica; the decision is taken under the
 * execution's row lock, so it is taken once.
 */
@ApplicationScoped
public class RecoveryVerifier {

    private static final int QUERY_TIMEOUT_SECONDS = 10;

    private final ExecutionLedger ledger;
    private final VertxContexts contexts;
    private final HttpStepClient http;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final RemediationMetrics metrics;
    private final ExecutionDispatcher dispatcher;

    public RecoveryVerifier(ExecutionLedger ledger, VertxContexts contexts, HttpStepClient http, ObjectMapper mapper,
                            OutboxRelay relay, RemediationMetrics metrics, ExecutionDispatcher dispatcher) {
        this.ledger = ledger;
        this.contexts = contexts;
        this.http = http;
        this.mapper = mapper;
        this.relay = relay;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
    }

    @Scheduled(every = "${ir.remediation.verify-poll-interval:2s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return check(null).replaceWithVoid();
    }

    /** Checks the incident's executions that wait for recovery, now, in the background. */
    public void kick(UUID incidentId) {
        check(incidentId).subscribe().with(n -> {
        }, failure -> Log.warnf("recovery check of incident %s failed (the poll retries): %s", incidentId, failure.getMessage()));
    }

    /** Decides what can be decided now (of one incident, or all); how many executions were decided. */
    public Uni<Integer> check(UUID incidentId) {
        return contexts.onSafeContext(() -> ledger.verifications(incidentId)).chain(list -> {
            Uni<List<Transition>> chain = Uni.createFrom().item(new ArrayList<>());
            for (Verification v : list) {
                chain = chain.chain(done -> decide(v).map(t -> {
                    if (t != null) {
                        done.add(t);
                    }
                    return done;
                }));
            }
            return chain;
        }).invoke(decided -> {
            if (decided.isEmpty()) {
                return;
            }
            relay.kick();
            for (Transition t : decided) {
                if (t.status() == ExecutionStatus.RUNNING) {
                    dispatcher.kick(); // not recovered: queued for its rollbacks
                } else {
                    metrics.execution(t.action(), t.status());
                }
            }
        }).map(List::size).onFailure().invoke(f -> Log.warnf("recovery check failed: %s", f.getMessage()))
                .onFailure().recoverWithItem(0);
    }

    private Uni<Transition> decide(Verification v) {
        Instant now = Instant.now();
        long waited = Duration.between(v.since(), now).toSeconds();
        boolean expired = !now.isBefore(v.until());
        if (!v.firing().isEmpty()) {
            if (!expired) {
                return Uni.createFrom().nullItem();
            }
            return finish(v, false, String.format(Locale.ROOT, "not recovered: %d of %d alert(s) still firing after %d s: %s",
                    v.firing().size(), v.alerts(), waited, String.join(", ", v.firing())));
        }
        String alerts = String.format(Locale.ROOT, "every alert of the incident (%d) resolved within %d s", v.alerts(), waited);
        if (v.metric() == null) {
            return finish(v, true, "recovered: " + alerts);
        }
        return metric(v.metric(), v).chain(result -> {
            if (result.passed()) {
                return finish(v, true, "recovered: " + alerts + "; " + result.text());
            }
            if (!expired) {
                return Uni.createFrom().nullItem();
            }
            return finish(v, false, "not recovered: " + alerts + ", but " + result.text());
        });
    }

    private Uni<Transition> finish(Verification v, boolean recovered, String output) {
        Log.infof("execution %s of incident %s: %s", v.executionId(), v.incidentId(), output);
        return contexts.onSafeContext(() -> ledger.finishVerify(v.executionId(), recovered, output));
    }

    private record MetricResult(boolean passed, String text) {
    }

    /** Runs the instant query; passes when it returns at least one sample and every sample is within bounds. */
    private Uni<MetricResult> metric(MetricCheck check, Verification v) {
        String query;
        try {
            query = MetricQuery.render(check.query(), v.values());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new MetricResult(false, "metric check not run: " + e.getMessage()));
        }
        String base = check.prometheus().endsWith("/") ? check.prometheus().substring(0, check.prometheus().length() - 1)
                : check.prometheus();
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        return http.call("GET", url, null, null, QUERY_TIMEOUT_SECONDS, 65536).map(r -> {
            if (r.status() == null) {
                return new MetricResult(false, "metric query " + query + " got no answer"
                        + (r.error() == null ? "" : ": " + r.error()));
            }
            if (r.status() != 200) {
                return new MetricResult(false, "metric query " + query + " answered " + r.status());
            }
            return evaluate(query, r.bodyExcerpt(), check);
        });
    }

    MetricResult evaluate(String query, String body, MetricCheck check) {
        List<Double> values = new ArrayList<>();
        try {
            JsonNode data = mapper.readTree(body).path("data");
            JsonNode result = data.path("result");
            if ("scalar".equals(data.path("resultType").asText())) {
                values.add(Double.parseDouble(result.path(1).asText()));
            } else {
                for (JsonNode sample : result) {
                    values.add(Double.parseDouble(sample.path("value").path(1).asText()));
                }
            }
        } catch (Exception e) {
            return new MetricResult(false, "metric query " + query + " returned no readable result");
        }
        if (values.isEmpty()) {
            return new MetricResult(false, "metric query " + query + " returned no sample");
        }
        String bounds = (check.min() == null ? "" : check.min() + " ≤ ") + "value" + (check.max() == null ? "" : " ≤ " + check.max());
        for (double value : values) {
            if (Double.isNaN(value) || (check.max() != null && value > check.max()) || (check.min() != null && value < check.min())) {
                return new MetricResult(false, "metric " + query + " = " + value + " is outside " + bounds);
            }
        }
        return new MetricResult(true, "metric " + query + " = " + values + " within " + bounds);
    }
}
