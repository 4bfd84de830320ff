package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import jakarta.ws.rs.client.ClientRequestContext;
import java.time.Duration;

/** The client suite on the Jakarta REST client (Jersey) with {@link MoesifClientFeature}. */
class JaxRsClientTest extends AbstractClientSuite {
  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    return new JaxRsClientUnderTest(readTimeout, new MoesifClientFeature(moesif));
  }

  @Override
  protected boolean supportsAsync() {
    return true;
  }

  /**
   * Jakarta REST client filters run around a response: a call that fails before one (refused,
   * timed out waiting) reaches no filter, and the API has no other hook. Not counted.
   */
  @Override
  protected boolean seesConnectFailures() {
    return false;
  }

  /** As {@link #seesConnectFailures()}: no response, no filter. */
  @Override
  protected boolean seesTimeoutsBeforeAResponse() {
    return false;
  }

  @Override
  protected Class<?> nativeRequestType() {
    return ClientRequestContext.class;
  }
}
