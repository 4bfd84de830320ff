package com.moesif.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.testkit.PublicApiCheck;
import org.junit.jupiter.api.Test;

/** No public signature of moesif-servlet names an {@code .internal} type or a Jackson type. */
class PublicApiTest {

  @Test
  void publicApiExposesNeitherInternalNorJacksonTypes() {
    assertThat(PublicApiCheck.publicTypes(MoesifFilter.class)).contains(MoesifFilter.class);
    assertThat(PublicApiCheck.leaksOf(MoesifFilter.class)).isEmpty();
  }
}
