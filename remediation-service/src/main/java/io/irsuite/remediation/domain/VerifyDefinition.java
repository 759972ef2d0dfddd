package io.irsuite.remediation.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How a runbook proves that it worked (contract {@code verify}): after the steps, every alert of the
 * incident must have resolved within {@code withinSeconds}, and, when {@code metric} is given, its
 * Prometheus query must then be within bounds. Only then is the execution SUCCEEDED; otherwise its
 * rollback steps run and it ends ROLLED_BACK.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyDefinition(@NotNull @Min(1) @Max(86400) Integer withinSeconds, @Valid MetricCheck metric) {

    /**
     * An instant query against a Prometheus-compatible API: {@code GET <prometheus>/api/v1/query?query=...}.
     * The query may use {@code ${service}}, {@code ${namespace}}, {@code ${deployment}} (catalog
     * values, refused unless they are plain names). Every sample of the result must be {@code <= max}
     * and {@code >= min} (at least one bound); an empty result does not pass.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricCheck(String prometheus, String query, Double max, Double min) {
    }
}
