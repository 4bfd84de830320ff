package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.model.EventBody;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.PublicApiCheck;
import org.junit.jupiter.api.Test;

/** No public signature of moesif-core names an {@code .internal} type or a Jackson type. */
class PublicApiTest {

  @Test
  void publicApiExposesNeitherInternalNorJacksonTypes() {
    assertThat(PublicApiCheck.leaksOf(Moesif.class)).isEmpty();
  }

  @Test
  void theCheckSeesTheWholeModuleAndNothingInternal() {
    assertThat(PublicApiCheck.publicTypes(Moesif.class))
        .contains(Moesif.class, MoesifConfig.class, CaptureEngine.class, EventBody.class)
        .noneMatch(type -> type.getName().contains(".internal."));
  }

  @Test
  void theCheckFindsALeak() {
    // The test kit is not published API: its collector double hands out Jackson trees.
    assertThat(PublicApiCheck.leaksOf(CollectorDouble.class))
        .anyMatch(leak -> leak.startsWith(CollectorDouble.class.getName() + ".events() returns")
            && leak.endsWith("com.fasterxml.jackson.databind.JsonNode"));
  }
}
