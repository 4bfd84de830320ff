package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.ServerHandle;

/** Hostile and broken traffic on Jersey's Grizzly container with {@link MoesifFeature}. */
class JerseyHostileTrafficTest extends AbstractHostileTrafficSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) {
    return JerseyServers.grizzly(JerseyServers.scenarioApp(new MoesifFeature(moesif)));
  }

  /** As in {@link JerseyMoesifFeatureTest}: no socket peer outside a servlet runtime. */
  @Override
  protected boolean knowsPeerAddress() {
    return false;
  }
}
