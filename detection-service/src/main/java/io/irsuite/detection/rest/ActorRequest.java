package io.irsuite.detection.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Who acknowledges or resolves, and their note. */
public record ActorRequest(@NotBlank @Size(max = 200) String by, @Size(max = 4000) String note) {
}
