package com.moesif.examples.spring;

import com.moesif.core.Moesif;
import com.moesif.micrometer.MoesifMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The SDK's meters bound by hand, for an application without the starter (the starter binds them
 * by itself): the moesif-micrometer README's snippet, compiled here because this module has
 * Micrometer.
 */
final class ManualMetrics {
  private ManualMetrics() {}

  static void bind(Moesif moesif, MeterRegistry registry) {
    // snippet: moesif-micrometer/README.md
    new MoesifMetrics(moesif).bindTo(registry);
    // end snippet
  }
}
