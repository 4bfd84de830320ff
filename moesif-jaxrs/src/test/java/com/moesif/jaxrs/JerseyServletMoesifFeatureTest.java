package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;
import java.util.Set;

/**
 * The server scenarios on Jersey's servlet container in Jetty 12 (ee10) with {@link
 * MoesifFeature}: the peer address comes from the servlet request here.
 */
class JerseyServletMoesifFeatureTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return JerseyServers.jetty(JerseyServers.scenarioApp(new MoesifFeature(moesif)), null);
  }

  /** The servlet container's own headers, which Jakarta REST's response context does not list. */
  @Override
  protected Set<String> headersAddedAfterTheCall() {
    return Set.of("date", "server");
  }
}
