package com.moesif.spring;

import org.jspecify.annotations.Nullable;

/**
 * A start-up failure of the starter's configuration: its message names the property and where it
 * was set, {@link #action()} says what to do. {@link MoesifFailureAnalyzer} prints both.
 */
final class MoesifPropertyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String action;

  MoesifPropertyException(String message, String action, @Nullable Throwable cause) {
    super(message, cause);
    this.action = action;
  }

  String action() {
    return action;
  }
}
