package com.moesif.spark;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/** The server scenarios on Spark Java 2.9 (embedded Jetty 9) with {@link MoesifSpark}. */
class SparkMoesifTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestSpark.start(http -> {
      MoesifSpark.register(http, moesif);
      ScenarioRoutes.install(http);
    });
  }

  /**
   * Spark has no asynchronous completion: a route returns its result (or throws) on the request
   * thread, and Spark writes the response right after; there is no AsyncContext a route could
   * complete later. The suite's {@code /async} route is served synchronously instead.
   */
  @Override
  protected boolean supportsAsync() {
    return false;
  }
}
