package com.moesif.core.internal;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The automatic user id (behaviour.md §4): JWT claim or Basic user from the authorization headers. */
public final class UserIdExtractor {
  private final List<String> headerNames;
  private final String userIdField;

  public UserIdExtractor(List<String> headerNames, String userIdField) {
    this.headerNames = headerNames;
    this.userIdField = userIdField;
  }

  /** The user id, or null; never throws on malformed input. */
  public @Nullable String extract(Function<String, @Nullable String> header) {
    return null; // TODO(utils branch)
  }
}
