package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.ServerHandle;

/** Hostile and broken traffic on Jersey's servlet container in Jetty 12 with {@link MoesifFeature}. */
class JerseyServletHostileTrafficTest extends AbstractHostileTrafficSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return JerseyServers.jetty(JerseyServers.scenarioApp(new MoesifFeature(moesif)), null);
  }
}
