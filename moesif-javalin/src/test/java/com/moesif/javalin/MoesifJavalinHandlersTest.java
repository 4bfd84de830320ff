package com.moesif.javalin;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

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

  /** The handlers run before the route reads the body: governance rules on body fields see none. */
  @Override
  protected boolean supportsBodyPeek() {
    return false;
  }

  /** A stream result ({@code ctx.result(InputStream)}) is consumed as Javalin writes it: not copied. */
  @Override
  @Test
  @Disabled("the hand-wired handlers copy byte and text results only, not ctx.result(InputStream)")
  protected void binaryResponseRoundTripsThroughBase64() {}

  /** Bytes written to {@code ctx.outputStream()} pass beside the handlers: not copied. */
  @Override
  @Test
  @Disabled("the hand-wired handlers do not see what a handler writes to ctx.outputStream()")
  protected void streamedResponseReachesTheClientChunkByChunkAndIsCapturedWhole() {}
}
