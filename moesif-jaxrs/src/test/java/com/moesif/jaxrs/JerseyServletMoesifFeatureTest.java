package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/**
 * The server scenarios on Jersey's servlet container in Jetty 12 (ee10) with {@link
 * MoesifFeature}: the peer address comes from the servlet request here.
 */
class JerseyServletMoesifFeatureTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return JerseyServers.jetty(JerseyServers.scenarioApp(new MoesifFeature(moesif)), null);
  }

  /**
   * An exception no mapper handles leaves Jersey, and Jetty writes its error page: a known gap,
   * pinned by {@code JerseyMoesifFeatureTest.unmappedExceptionEventIsJerseysResponseNotTheContainersErrorPage}.
   */
  @Override
  protected boolean eventShowsTheErrorResponse() {
    return false;
  }
}
