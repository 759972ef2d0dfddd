package io.irsuite.remediation.domain;

import java.util.Locale;

/** The kinds of runbook step. */
public enum StepType {
    HTTP, WAIT, VALIDATE, KUBERNETES;

    /** The type named {@code name} (as written in a runbook), or null. */
    public static StepType of(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
