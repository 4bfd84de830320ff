package com.moesif.spark.internal;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;
import com.moesif.spark.ScenarioRoutes;
import com.moesif.spark.TestSpark;

/**
 * The server scenarios in Spark's container-neutral mode (no Jetty taps: the {@code afterAfter}
 * filter ends the call), forced on Spark's Jetty. What that mode cannot see (the module README
 * says so) is switched off below, each with its reason.
 */
class ContainerNeutralSuiteTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestSpark.start(http -> {
      SparkCapture capture = new SparkCapture(moesif, http::routes, http::halt, false);
      http.before(capture::before);
      http.afterAfter(capture::afterAfter);
      ScenarioRoutes.install(http);
    });
  }

  /** Spark has no asynchronous completion (as in {@code SparkMoesifTest}). */
  @Override
  protected boolean supportsAsync() {
    return false;
  }
}
