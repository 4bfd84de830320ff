package com.moesif.okhttp;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The client suite with {@link MoesifInterceptor} as a network interceptor: one event per HTTP
 * exchange (the redirect hop included), gzip bytes as on the wire (decoded by the engine), and no
 * sight of calls that never connect.
 */
class OkHttpNetworkInterceptorTest extends AbstractClientSuite {

  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    return new OkHttpClientUnderTest(
        new OkHttpClient.Builder().addNetworkInterceptor(new MoesifInterceptor(moesif)), readTimeout);
  }

  @Override
  protected Redirects redirects() {
    return Redirects.ONE_EVENT_PER_HOP;
  }

  @Override
  protected boolean seesConnectFailures() {
    return false;
  }

  @Override
  protected boolean supportsAsync() {
    return true;
  }

  @Override
  protected Class<?> nativeRequestType() {
    return okhttp3.Request.class;
  }
}
