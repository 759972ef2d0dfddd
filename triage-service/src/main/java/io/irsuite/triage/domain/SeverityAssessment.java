package io.irsuite.triage.domain;

import java.util.List;

/** The chosen severity and every rule that fired at that level, in words a responder reads. */
public record SeverityAssessment(Severity severity, List<String> reasons) {

    public SeverityAssessment {
        reasons = List.copyOf(reasons);
    }
}
