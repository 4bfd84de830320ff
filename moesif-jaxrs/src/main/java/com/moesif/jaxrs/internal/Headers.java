package com.moesif.jaxrs.internal;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** Header getters over the Jakarta REST header maps, shared by the request and response views. */
final class Headers {
  private Headers() {}

  /**
   * The first value of {@code name}, compared case-insensitively. The specification promises
   * case-insensitive maps for request headers only, so a miss falls back to a scan. Not {@code
   * getHeaderString}: it joins repeated headers with commas, and the engine wants the first value.
   */
  static @Nullable String first(MultivaluedMap<String, String> headers, String name) {
    String value = headers.getFirst(name);
    if (value != null) {
      return value;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (name.equalsIgnoreCase(header.getKey())) {
        List<String> values = header.getValue();
        return values == null || values.isEmpty() ? null : values.get(0);
      }
    }
    return null;
  }

  /** Calls {@code action} once per header value, in the map's order. */
  static void forEach(MultivaluedMap<String, String> headers, BiConsumer<String, String> action) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      List<String> values = header.getValue();
      if (header.getKey() == null || values == null) {
        continue;
      }
      for (String value : values) {
        action.accept(header.getKey(), value);
      }
    }
  }
}
