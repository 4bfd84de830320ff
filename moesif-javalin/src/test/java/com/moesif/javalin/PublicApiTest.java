package com.moesif.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.testkit.PublicApiCheck;
import org.junit.jupiter.api.Test;

/** No public signature of moesif-javalin names an {@code .internal} type or a Jackson type. */
class PublicApiTest {

  @Test
  void publicApiExposesNeitherInternalNorJacksonTypes() {
    assertThat(PublicApiCheck.publicTypes(MoesifPlugin.class)).contains(MoesifPlugin.class);
    assertThat(PublicApiCheck.leaksOf(MoesifPlugin.class)).isEmpty();
  }
}
