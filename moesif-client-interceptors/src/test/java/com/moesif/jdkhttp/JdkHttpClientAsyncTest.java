package com.moesif.jdkhttp;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import java.net.http.HttpRequest;
import java.time.Duration;

/** The client suite with every call through {@code HttpClient.sendAsync(request, handler)}. */
class JdkHttpClientAsyncTest extends AbstractClientSuite {

  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    return new JdkClientUnderTest(moesif, readTimeout, JdkClientUnderTest.Mode.SEND_ASYNC);
  }

  @Override
  protected boolean supportsAsync() {
    return true;
  }

  @Override
  protected Class<?> nativeRequestType() {
    return HttpRequest.class;
  }
}
