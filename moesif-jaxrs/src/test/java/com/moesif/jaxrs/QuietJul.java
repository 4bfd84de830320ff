package com.moesif.jaxrs;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Jersey and Grizzly log through JUL: keep test output to warnings that matter. */
final class QuietJul {
  /** Strong references: JUL holds loggers weakly, and a collected logger forgets its level. */
  private static final Logger GLASSFISH = Logger.getLogger("org.glassfish");
  /** Warns on every start that optional providers (activation, JAXB) are not on the class path. */
  private static final Logger PROVIDERS = Logger.getLogger("org.glassfish.jersey.message.internal.MessagingBinders");

  static {
    GLASSFISH.setLevel(Level.WARNING);
    PROVIDERS.setLevel(Level.SEVERE);
  }

  private QuietJul() {}

  /** Applies the levels (once, on first use). */
  static void apply() {}
}
