package com.moesif.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.testkit.PublicApiCheck;
import org.junit.jupiter.api.Test;

/** No public signature of moesif-client-interceptors (OkHttp, java.net.http, Apache HttpClient 5: one class directory) names an {@code .internal} type or a Jackson type. */
class PublicApiTest {

  @Test
  void publicApiExposesNeitherInternalNorJacksonTypes() {
    assertThat(PublicApiCheck.publicTypes(MoesifInterceptor.class)).contains(MoesifInterceptor.class);
    assertThat(PublicApiCheck.leaksOf(MoesifInterceptor.class)).isEmpty();
  }
}
