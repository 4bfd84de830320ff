package com.moesif.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validation and copying shared by the entity models. */
final class Models {
  private Models() {}

  static String required(@Nullable String value, String model, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(model + ": " + field + " is required and must not be blank");
    }
    return value;
  }

  static @Nullable Map<String, Object> copy(@Nullable Map<String, ?> metadata) {
    return metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
