package com.moesif.javalin;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.ServerHandle;

/** Hostile and broken traffic on Javalin 7 with {@link MoesifPlugin}. */
class JavalinHostileTrafficTest extends AbstractHostileTrafficSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) {
    return ScenarioApp.start(config -> {
      // Javalin refuses bodies over 1 MB by default (413, with or without the SDK); this
      // application accepts the suite's 50 MB upload, so the SDK's streaming path is exercised.
      config.http.maxRequestSize = 64L * 1024 * 1024;
      config.registerPlugin(new MoesifPlugin(moesif));
    });
  }
}
