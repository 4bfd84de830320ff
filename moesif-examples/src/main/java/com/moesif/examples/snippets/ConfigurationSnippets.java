package com.moesif.examples.snippets;

import com.moesif.core.MoesifConfig;
import java.util.Map;

/** The three ways to build a {@link MoesifConfig}, and how they compose. */
final class ConfigurationSnippets {
  private ConfigurationSnippets() {}

  static void build() {
    // snippet: docs/configuration.md
    MoesifConfig config = MoesifConfig.builder()
        .applicationId("your-application-id")
        .logBody(true)
        .identifyUser((req, res) -> req.header("X-User-Id"))
        .build();

    MoesifConfig fromSeedKeys = MoesifConfig.fromMap(Map.of(
        "APPLICATION_ID", "your-application-id",
        "LOG_BODY", true,
        "EVENT_BATCH_TIMEOUT", "0.5"));           // seconds in map form

    MoesifConfig fromDeployment = MoesifConfig.fromEnvironment();  // MOESIF_APPLICATION_ID=... etc.

    // They compose: environment first, then code.
    MoesifConfig layered = MoesifConfig.builder().applyEnvironment().logBody(false).build();
    // end snippet
  }
}
