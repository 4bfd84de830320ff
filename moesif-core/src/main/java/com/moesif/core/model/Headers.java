package com.moesif.core.model;

import com.moesif.core.internal.FrozenHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Defensive copies of header maps that keep arrival order (Map.copyOf would not). */
final class Headers {
  private Headers() {}

  static Map<String, String> copyOf(Map<String, String> headers) {
    Objects.requireNonNull(headers, "headers");
    if (headers instanceof FrozenHeaders) {
      return headers; // the shipper's own: already unmodifiable, ordered, without nulls
    }
    if (headers.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(headers.size() * 2);
    headers.forEach(
        (name, value) ->
            copy.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value")));
    return Collections.unmodifiableMap(copy);
  }
}
