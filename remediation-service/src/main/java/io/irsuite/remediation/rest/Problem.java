package io.irsuite.remediation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irsuite.remediation.domain.FieldError;

import java.util.List;

/** RFC 9457 problem details; {@code errors} names the offending fields of a validation error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
