package com.moesif.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.testkit.PublicApiCheck;
import org.junit.jupiter.api.Test;

/** No public signature of moesif-spark names an {@code .internal} type or a Jackson type. */
class PublicApiTest {

  @Test
  void publicApiExposesNeitherInternalNorJacksonTypes() {
    assertThat(PublicApiCheck.publicTypes(MoesifSpark.class)).contains(MoesifSpark.class);
    assertThat(PublicApiCheck.leaksOf(MoesifSpark.class)).isEmpty();
  }
}
