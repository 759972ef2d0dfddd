package io.irsuite.triage.service;

import io.irsuite.triage.config.IrConfig;
import io.irsuite.triage.domain.Action;
import io.irsuite.triage.domain.ActionPlanner;
import io.irsuite.triage.domain.ActionThresholds;
import io.irsuite.triage.domain.RootCauseAnalyzer;
import io.irsuite.triage.domain.SeverityClassifier;
import io.irsuite.triage.domain.SeverityThresholds;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/** The pure triage rules, configured from {@code ir.triage.*}. */
@ApplicationScoped
public class TriageRules {

    private final SeverityClassifier classifier;
    private final RootCauseAnalyzer analyzer;
    private final ActionPlanner planner;

    public TriageRules(IrConfig config) {
        IrConfig.Severity s = config.triage().severity();
        this.classifier = new SeverityClassifier(new SeverityThresholds(s.sev1ErrorRate(), s.sev1UsersAffectedPct(),
                s.sev1RevenuePerHour(), s.sev2ErrorRate(), s.sev2UsersAffectedPct(), s.sev2LatencyFactor(),
                s.sev2RevenuePerHour(), s.sev3ErrorRate(), s.sev3UsersAffectedPct()));
        this.analyzer = new RootCauseAnalyzer(config.triage().changeWindow());
        IrConfig.ActionThreshold t = config.triage().actionThreshold();
        Map<Action, Double> thresholds = new EnumMap<>(Action.class);
        thresholds.put(Action.RESTART, t.restart());
        thresholds.put(Action.SCALE_UP, t.scaleUp());
        thresholds.put(Action.CIRCUIT_BREAKER, t.circuitBreaker());
        thresholds.put(Action.CACHE_CLEAR, t.cacheClear());
        thresholds.put(Action.TRAFFIC_REDIRECT, t.trafficRedirect());
        thresholds.put(Action.ROLLBACK, t.rollback());
        thresholds.put(Action.DATABASE_FAILOVER, t.databaseFailover());
        thresholds.put(Action.FEATURE_FLAG_DISABLE, t.featureFlagDisable());
        thresholds.put(Action.CERTIFICATE_RENEW, t.certificateRenew());
        thresholds.put(Action.RATE_LIMIT, t.rateLimit());
        this.planner = new ActionPlanner(new ActionThresholds(thresholds));
    }

    public SeverityClassifier classifier() {
        return classifier;
    }

    public RootCauseAnalyzer analyzer() {
        return analyzer;
    }

    public ActionPlanner planner() {
        return planner;
    }
}
