package com.moesif.javalin;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/**
 * The server scenarios on Javalin 7 with the hand-wired {@link MoesifJavalin} before/after
 * handlers instead of the plugin. What that path cannot see (its class comment says so) is
 * switched off below, each with its reason.
 */
class MoesifJavalinHandlersTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) {
    return ScenarioApp.start(config -> {
      config.routes.before(MoesifJavalin.beforeHandler(moesif));
      config.routes.after(MoesifJavalin.afterHandler(moesif));
    });
  }
}
