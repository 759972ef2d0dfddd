package io.irsuite.remediation.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of approve and reject: who decided, and why. */
public record DecisionRequest(@NotBlank @Size(max = 200) String by, @Size(max = 2000) String note) {
}
