package io.irsuite.comms.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Body of {@code PUT /api/v1/status/components/{name}}; the rules live in StatusPageRules.
 *
 * @param isPublic {@code "public"} in JSON; absent means false (nothing is published by accident)
 */
public record StatusComponentRequest(String displayName, String group, @JsonProperty("public") Boolean isPublic,
                                     List<String> services) {
}
