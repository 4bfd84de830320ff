package com.moesif.spark;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

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

  /**
   * A known gap: Spark's embedded Jetty trusts forwarding headers by default, and its {@code
   * ForwardedRequestCustomizer} replaces the URI's scheme and authority and the Host header before
   * any filter runs, so the original Host is gone by the time Moesif sees the request.
   */
  @Override
  @Test
  @Disabled("Spark's Jetty rewrites the URI and Host from X-Forwarded-* before any filter runs")
  protected void uriAndHostAreLoggedAsTheyArrivedDespiteForwardingHeaders() {}

  /**
   * A known gap: Jetty 9's parser answers common header lines from a cache it matches ignoring
   * case, so the application, and Moesif with it, gets the cached spelling ({@code charset=UTF-8}).
   */
  @Override
  @Test
  @Disabled("Jetty 9 hands a cached, case-insensitively matched spelling of common header values to the application")
  protected void commonHeaderValueIsLoggedInTheCaseItWasSent() {}
}
