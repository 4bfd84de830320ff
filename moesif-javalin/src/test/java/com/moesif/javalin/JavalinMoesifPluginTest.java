package com.moesif.javalin;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/** The server scenarios on Javalin 7 with {@link MoesifPlugin}; nothing is switched off. */
class JavalinMoesifPluginTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) {
    return ScenarioApp.start(config -> config.registerPlugin(new MoesifPlugin(moesif)));
  }
}
