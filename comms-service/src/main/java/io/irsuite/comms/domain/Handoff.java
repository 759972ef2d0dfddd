package io.irsuite.comms.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The playbook's incident-commander handoff: status, what was tried, current strategy, key people,
 * next steps, open questions. Pure: its text for the timeline and for the new commander.
 */
public record Handoff(String from, String to, String status, String tried, String strategy, List<String> keyPeople,
                      List<String> nextSteps, List<String> openQuestions) {

    public String text(String incidentTitle) {
        List<String> parts = new ArrayList<>();
        parts.add("Handoff of " + incidentTitle + ": incident commander " + (from == null ? "(none)" : from) + " → " + to + ".");
        parts.add("Status: " + status);
        if (tried != null && !tried.isBlank()) {
            parts.add("What was tried: " + tried);
        }
        if (strategy != null && !strategy.isBlank()) {
            parts.add("Current strategy: " + strategy);
        }
        if (keyPeople != null && !keyPeople.isEmpty()) {
            parts.add("Key people: " + String.join(", ", keyPeople));
        }
        if (nextSteps != null && !nextSteps.isEmpty()) {
            parts.add("Next steps: " + String.join("; ", nextSteps));
        }
        if (openQuestions != null && !openQuestions.isEmpty()) {
            parts.add("Open questions: " + String.join("; ", openQuestions));
        }
        return String.join("\n", parts);
    }
}
