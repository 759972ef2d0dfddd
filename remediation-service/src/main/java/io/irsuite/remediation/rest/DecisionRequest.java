package io.irsuite.remediation.rest;

import jakarta.validation.constraints.Size;

/**
 * Body of approve and reject: why. The decision is recorded under the caller's token name;
 * {@code by} is still accepted (and checked like any input) so that older clients keep working,
 * but it is ignored: a body cannot say who decided.
 */
public record DecisionRequest(@Size(max = 200) String by, @Size(max = 2000) String note) {
}
