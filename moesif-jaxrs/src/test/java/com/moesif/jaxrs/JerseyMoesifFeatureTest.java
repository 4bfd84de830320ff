package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/** The server scenarios on Jersey's Grizzly container with {@link MoesifFeature}. */
class JerseyMoesifFeatureTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) {
    return JerseyServers.grizzly(JerseyServers.scenarioApp(new MoesifFeature(moesif)));
  }

  /**
   * Jakarta REST has no API for the socket peer (jakartaee/rest#521), and outside a servlet
   * runtime the feature does not reach into the container: forwarding headers only.
   */
  @Override
  protected boolean knowsPeerAddress() {
    return false;
  }
}
