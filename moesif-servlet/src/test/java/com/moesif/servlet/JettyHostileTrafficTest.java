package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.ServerHandle;

/** Hostile and broken traffic on embedded Jetty 12 (ee10) with {@link MoesifFilter}. */
class JettyHostileTrafficTest extends AbstractHostileTrafficSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestServers.JETTY.start(new MoesifFilter(moesif));
  }
}
