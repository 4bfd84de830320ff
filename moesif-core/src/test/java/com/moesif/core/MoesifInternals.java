package com.moesif.core;

import com.moesif.core.internal.EventQueue;

/** What tests of this package read inside a {@link Moesif} that its API does not show. */
final class MoesifInternals {
  private MoesifInternals() {}

  /** The instance's queue, whose byte accounting {@code stats()} does not report. */
  static EventQueue queue(Moesif moesif) {
    try {
      var field = Moesif.class.getDeclaredField("queue");
      field.setAccessible(true);
      return (EventQueue) field.get(moesif);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("Moesif has no queue field", e);
    }
  }
}
