package com.moesif.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.testkit.PublicApiCheck;
import org.junit.jupiter.api.Test;

/** No public signature of moesif-jaxrs names an {@code .internal} type or a Jackson type. */
class PublicApiTest {

  @Test
  void publicApiExposesNeitherInternalNorJacksonTypes() {
    assertThat(PublicApiCheck.publicTypes(MoesifFeature.class)).contains(MoesifFeature.class);
    assertThat(PublicApiCheck.leaksOf(MoesifFeature.class)).isEmpty();
  }
}
