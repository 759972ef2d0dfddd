package io.irsuite.triage.domain;

/** The suite's severity levels, SEV1 the worst. */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4
}
