package io.irsuite.comms.rest;

import io.irsuite.comms.domain.oncall.PolicySpec;
import io.irsuite.comms.service.EscalationPolicyService;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An escalation policy as read back: its normalised definition (with the effective repeat delay) and timestamps. */
public record PolicyView(String name, List<PolicySpec.Level> levels, BigDecimal repeat, BigDecimal repeatDelayMinutes,
                         Instant createdAt, Instant updatedAt) {

    static PolicyView of(EscalationPolicyService.StoredPolicy p) {
        return new PolicyView(p.name(), p.spec().levels(), p.spec().repeat(), p.spec().repeatDelayMinutes(),
                p.createdAt(), p.updatedAt());
    }
}
