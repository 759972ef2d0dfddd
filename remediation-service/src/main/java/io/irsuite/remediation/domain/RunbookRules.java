package io.irsuite.remediation.domain;

import io.irsuite.platform.problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The runbook rules Bean Validation cannot express field by field: what each step type needs,
 * URL templates, headers, the runbook id. Pure; field names are the JSON paths an admin wrote.
 */
public final class RunbookRules {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private RunbookRules() {
    }

    /** Problems with a runbook id. */
    public static List<FieldError> checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return List.of(new FieldError("id", "must match " + ID.pattern()));
        }
        return List.of();
    }

    /** Cross-field problems of {@code runbook}; assumes Bean Validation already passed. */
    public static List<FieldError> check(RunbookDefinition runbook) {
        List<FieldError> errors = new ArrayList<>();
        List<StepDefinition> steps = runbook.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            String path = "steps[" + i + "]";
            checkStep(step, path, errors);
            if (step.rollback() != null) {
                checkStep(step.rollback(), path + ".rollback", errors);
                if (step.rollback().rollback() != null) {
                    errors.add(new FieldError(path + ".rollback.rollback", "a rollback step cannot have its own rollback"));
                }
            }
        }
        if (runbook.verify() != null && runbook.verify().metric() != null) {
            checkMetric(runbook.verify().metric(), errors);
        }
        return errors;
    }

    private static void checkMetric(VerifyDefinition.MetricCheck metric, List<FieldError> errors) {
        String path = "verify.metric";
        if (metric.prometheus() == null || metric.prometheus().isBlank()) {
            errors.add(new FieldError(path + ".prometheus", "required: the base URL of a Prometheus-compatible API"));
        } else if (metric.prometheus().contains("${")) {
            errors.add(new FieldError(path + ".prometheus", "placeholders are not allowed in the Prometheus URL"));
        } else {
            for (String problem : UrlTemplate.problems(metric.prometheus())) {
                errors.add(new FieldError(path + ".prometheus", problem));
            }
        }
        if (metric.query() == null || metric.query().isBlank()) {
            errors.add(new FieldError(path + ".query", "required: a PromQL instant query"));
        } else if (metric.query().length() > 2000) {
            errors.add(new FieldError(path + ".query", "at most 2000 characters"));
        } else {
            for (String problem : MetricQuery.problems(metric.query())) {
                errors.add(new FieldError(path + ".query", problem));
            }
        }
        if (metric.max() == null && metric.min() == null) {
            errors.add(new FieldError(path + ".max", "give max, min or both"));
        }
    }

    private static void checkStep(StepDefinition step, String path, List<FieldError> errors) {
        StepType type = step.stepType();
        if (type == null) {
            return; // Bean Validation reports the bad type
        }
        switch (type) {
            case HTTP, VALIDATE -> {
                if (type == StepType.HTTP && step.method() == null) {
                    errors.add(new FieldError(path + ".method", "required for http steps (GET, POST, PUT, PATCH or DELETE)"));
                }
                for (String problem : UrlTemplate.problems(step.url())) {
                    errors.add(new FieldError(path + ".url", problem));
                }
                if (step.headers() != null) {
                    for (Map.Entry<String, String> header : step.headers().entrySet()) {
                        if (header.getKey() == null || !HEADER_NAME.matcher(header.getKey()).matches()) {
                            errors.add(new FieldError(path + ".headers", "not a valid header name: " + header.getKey()));
                        } else if (header.getValue() == null || header.getValue().indexOf('\r') >= 0
                                || header.getValue().indexOf('\n') >= 0) {
                            errors.add(new FieldError(path + ".headers." + header.getKey(), "must be a single-line value"));
                        }
                    }
                }
            }
            case WAIT -> {
                if (step.seconds() == null || step.seconds() < 1) {
                    errors.add(new FieldError(path + ".seconds", "required for wait steps, 1..3600"));
                }
            }
            case KUBERNETES -> {
                String op = step.operation();
                if (op == null) {
                    errors.add(new FieldError(path + ".operation",
                            "required for kubernetes steps (rollout-restart, scale, rollback, set-image, delete-pod, rollout-status)"));
                } else if (op.equals("scale")) {
                    if ((step.replicas() == null) == (step.by() == null)) {
                        errors.add(new FieldError(path + ".replicas",
                                "the scale operation needs exactly one of replicas (absolute) or by (relative)"));
                    }
                    if (step.by() != null && step.by() == 0) {
                        errors.add(new FieldError(path + ".by", "must not be 0"));
                    }
                } else if (op.equals("set-image")) {
                    if (step.image() == null || step.image().isBlank()) {
                        errors.add(new FieldError(path + ".image", "required for the set-image operation"));
                    } else if (step.image().contains("${")) {
                        errors.add(new FieldError(path + ".image", "placeholders are not allowed in an image"));
                    }
                }
                if (op != null && !op.equals("scale") && (step.replicas() != null || step.by() != null)) {
                    errors.add(new FieldError(path + (step.replicas() != null ? ".replicas" : ".by"),
                            "only the scale operation takes replicas or by"));
                }
            }
        }
    }
}
