package com.moesif.examples.spring.snippets;

import com.moesif.core.Moesif;
import com.moesif.micrometer.MoesifMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** The moesif-micrometer README's registration, compiled (the starter does it by itself). */
final class MetricsSnippets {
  private MetricsSnippets() {}

  static void bind(Moesif moesif, MeterRegistry registry) {
    // snippet: moesif-micrometer/README.md
    new MoesifMetrics(moesif).bindTo(registry);
    // end snippet
  }
}
