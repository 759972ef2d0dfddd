package io.irsuite.detection.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Prometheus Alertmanager webhook body, version 4, as Alertmanager sends it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerWebhook(@NotNull String version, String groupKey, Integer truncatedAlerts, String status,
                                  String receiver, Map<String, String> groupLabels,
                                  Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                                  String externalURL, @NotEmpty List<@NotNull @Valid AmAlert> alerts) {

    /** One alert of the group. {@code endsAt} of {@code 0001-01-01T00:00:00Z} means unset. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AmAlert(String status, Map<String, String> labels, Map<String, String> annotations,
                          Instant startsAt, Instant endsAt, String generatorURL, String fingerprint) {
    }
}
