package com.moesif.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A framework-neutral, read-only view of a captured response, handed to the configuration hooks. */
public interface CapturedResponse {

  /** {@return HTTP status the client got} */
  int status();

  /**
   * The first value of a header.
   *
   * @param name the header's name, matched case-insensitively
   * @return its first value, or null when absent
   */
  @Nullable String header(String name);

  /** {@return all headers, each name mapped to its values (name lookups are case-insensitive)} */
  Map<String, List<String>> headers();

  /** {@return when the response ended} */
  Instant time();

  /** {@return the parsed response body (see {@link CapturedRequest#body()}), or null} */
  @Nullable Object body();

  /**
   * The framework's native response object if it is an instance of {@code type}, else null.
   *
   * @param <T> the type asked for
   * @param type the class of the native response the caller expects
   * @return the native response, or null when it is not a {@code T}
   */
  <T> @Nullable T unwrap(Class<T> type);
}
