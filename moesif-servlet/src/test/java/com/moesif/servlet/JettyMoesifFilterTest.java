package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/** The server scenarios on embedded Jetty 12 (ee10) with {@link MoesifFilter}. */
class JettyMoesifFilterTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestServers.JETTY.start(new MoesifFilter(moesif));
  }
}
