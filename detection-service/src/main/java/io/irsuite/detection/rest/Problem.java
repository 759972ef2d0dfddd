package io.irsuite.detection.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irsuite.detection.domain.FieldError;

import java.util.List;

/** RFC 9457 problem details; {@code errors} lists the offending fields of a validation problem. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {
}
