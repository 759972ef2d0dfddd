package io.irsuite.comms.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irsuite.comms.domain.FieldError;

import java.util.List;

/** RFC 9457 problem details; {@code errors} names the offending fields of a validation problem. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
}
