package io.irsuite.remediation.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * One step of a runbook. Which fields matter depends on {@code type}: {@code http} and
 * {@code validate} call {@code method url} and expect {@code expectedStatus}; {@code wait} sleeps
 * {@code seconds}; {@code kubernetes} names an {@code operation}: {@code scale} takes {@code replicas}
 * (absolute) or {@code by} (relative), {@code set-image} takes {@code image} (and {@code container}
 * when the pod has several), {@code delete-pod} an optional {@code pod} name.
 * Cross-field rules live in {@link RunbookRules}; defaults are applied by {@link #withDefaults()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepDefinition(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = "http|wait|validate|kubernetes", message = "must be one of http, wait, validate, kubernetes") String type,
        @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE", message = "must be one of GET, POST, PUT, PATCH, DELETE") String method,
        @Size(max = 2000) String url,
        @Min(100) @Max(599) Integer expectedStatus,
        Map<String, String> headers,
        @Size(max = 65536) String body,
        @Min(1) @Max(600) Integer timeoutSeconds,
        @Min(0) @Max(10) Integer retries,
        @Min(0) @Max(300) Integer retryDelaySeconds,
        @Min(0) @Max(3600) Integer seconds,
        @Pattern(regexp = "rollout-restart|scale|rollback|set-image|delete-pod|rollout-status",
                message = "must be one of rollout-restart, scale, rollback, set-image, delete-pod, rollout-status") String operation,
        @Min(0) @Max(1000) Integer replicas,
        @Valid StepDefinition rollback,
        @Min(-1000) @Max(1000) Integer by,
        @Size(max = 253) String container,
        @Size(max = 1000) String image,
        @Size(max = 253) String pod) {

    /** A step without the kubernetes-only fields {@code by}, {@code container}, {@code image}, {@code pod}. */
    public StepDefinition(String name, String type, String method, String url, Integer expectedStatus,
                          Map<String, String> headers, String body, Integer timeoutSeconds, Integer retries,
                          Integer retryDelaySeconds, Integer seconds, String operation, Integer replicas,
                          StepDefinition rollback) {
        this(name, type, method, url, expectedStatus, headers, body, timeoutSeconds, retries, retryDelaySeconds,
                seconds, operation, replicas, rollback, null, null, null, null);
    }

    public static final int DEFAULT_EXPECTED_STATUS = 200;
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_RETRIES = 0;
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 1;

    public StepType stepType() {
        return StepType.of(type);
    }

    /** This step with every default filled in (validate defaults to GET), rollback included. */
    public StepDefinition withDefaults() {
        String effectiveMethod = method == null && stepType() == StepType.VALIDATE ? "GET" : method;
        boolean calls = stepType() == StepType.HTTP || stepType() == StepType.VALIDATE;
        return new StepDefinition(name, type, effectiveMethod, url,
                calls ? orDefault(expectedStatus, DEFAULT_EXPECTED_STATUS) : expectedStatus,
                headers == null ? null : Map.copyOf(headers), body,
                orDefault(timeoutSeconds, DEFAULT_TIMEOUT_SECONDS),
                orDefault(retries, DEFAULT_RETRIES),
                orDefault(retryDelaySeconds, DEFAULT_RETRY_DELAY_SECONDS),
                seconds, operation, replicas,
                rollback == null ? null : rollback.withDefaults(), by, container, image, pod);
    }

    /** The longest one run of this step may take with all its attempts, timeouts and delays (no rollback). */
    public long worstCaseSeconds() {
        StepDefinition s = withDefaults();
        if (s.stepType() == StepType.WAIT) {
            return s.seconds() == null ? 0 : s.seconds();
        }
        return (long) (s.retries() + 1) * s.timeoutSeconds() + (long) s.retries() * s.retryDelaySeconds();
    }

    /**
     * True when sending this step twice does no more than sending it once, so a step interrupted by a
     * crash of its runner may be sent again: waits, checks, idempotent HTTP methods (GET, PUT, DELETE,
     * RFC 9110), and kubernetes steps that set a state (rollout-status, set-image, scale to an absolute
     * count). A POST or PATCH, a rollback, a restart, a relative scale or a pod deletion is not repeated.
     */
    public boolean repeatable() {
        StepType t = stepType();
        if (t == null) {
            return false;
        }
        return switch (t) {
            case WAIT, VALIDATE -> true;
            case HTTP -> "GET".equals(method) || "PUT".equals(method) || "DELETE".equals(method);
            case KUBERNETES -> "rollout-status".equals(operation) || "set-image".equals(operation)
                    || ("scale".equals(operation) && replicas != null);
        };
    }

    private static Integer orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
