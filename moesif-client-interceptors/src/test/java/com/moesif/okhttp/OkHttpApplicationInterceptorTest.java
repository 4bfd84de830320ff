package com.moesif.okhttp;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** The client suite with {@link MoesifInterceptor} as an application interceptor: one event per call. */
class OkHttpApplicationInterceptorTest extends AbstractClientSuite {

  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    return new OkHttpClientUnderTest(new OkHttpClient.Builder().addInterceptor(new MoesifInterceptor(moesif)), readTimeout);
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
