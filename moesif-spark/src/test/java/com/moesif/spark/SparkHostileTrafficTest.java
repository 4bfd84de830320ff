package com.moesif.spark;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.ServerHandle;

/** Hostile and broken traffic on Spark Java 2.9 (embedded Jetty 9) with {@link MoesifSpark}. */
class SparkHostileTrafficTest extends AbstractHostileTrafficSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestSpark.start(http -> {
      MoesifSpark.register(http, moesif);
      ScenarioRoutes.install(http);
    });
  }
}
