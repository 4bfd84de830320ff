package com.moesif.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A framework-neutral, read-only view of a captured request, handed to the configuration hooks
 * ({@code skip}, {@code identifyUser}, {@code metadata}, ...). Hooks run on the request thread
 * while the native request is still valid, so {@link #unwrap(Class)} reaches it.
 */
public interface CapturedRequest {

  /** {@return upper-case HTTP method} */
  String method();

  /** {@return absolute URI as received: {@code scheme://host[:port]/path?query}} */
  String uri();

  /** {@return the path without scheme, host and query} */
  String path();

  /** {@return the raw query string without {@code ?}, or null when there is none} */
  @Nullable String query();

  /** {@return the framework's route template (e.g. {@code /users/{id}}), when the framework knows it} */
  @Nullable String route();

  /**
   * The first value of a header.
   *
   * @param name the header's name, matched case-insensitively
   * @return its first value, or null when absent
   */
  @Nullable String header(String name);

  /**
   * {@return all headers, in arrival order, each name mapped to its values (name lookups are case-insensitive)}
   */
  Map<String, List<String>> headers();

  /** {@return the client IP as the event will report it (forwarding headers applied), or null} */
  @Nullable String ipAddress();

  /** {@return when the request started} */
  Instant time();

  /**
   * The parsed request body as plain Java values, as {@link
   * com.moesif.core.model.EventBody#value()} gives them: for JSON a {@code Map<String, Object>},
   * {@code List<Object>}, {@code String}, {@code Number} or {@code Boolean}; a base64 {@code
   * String} otherwise; null when there is no body, body capture is off, or the body has not been
   * read yet (for example in the request-only {@code skip} call).
   *
   * @return the body, or null
   */
  @Nullable Object body();

  /**
   * {@return whether this call was served ({@link Direction#INCOMING}) or made ({@link Direction#OUTGOING})}
   */
  Direction direction();

  /**
   * The framework's native request ({@code HttpServletRequest}, Javalin {@code Context}, OkHttp
   * {@code Request}, ...) if it is an instance of {@code type}, else null.
   *
   * @param <T> the type asked for
   * @param type the class of the native request the caller expects
   * @return the native request, or null when it is not a {@code T}
   */
  <T> @Nullable T unwrap(Class<T> type);
}
