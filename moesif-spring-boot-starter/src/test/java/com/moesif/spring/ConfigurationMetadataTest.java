package com.moesif.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.MoesifConfig;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata ({@code META-INF/spring-configuration-metadata.json}) documents exactly the
 * properties the starter binds, which are derived from the SDK's key list: a key added to the SDK
 * without its entry here (or an entry left behind) fails this test.
 */
class ConfigurationMetadataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theMetadataListsExactlyTheBoundProperties() throws Exception {
    assertThat(metadataNames()).containsExactlyInAnyOrderElementsOf(MoesifProperties.propertyNames());
  }

  @Test
  void everyPropertyIsTypedAndDescribedAndItsDefaultIsAValueTheSdkAccepts() throws Exception {
    for (JsonNode property : metadata().path("properties")) {
      String name = property.path("name").asText();
      assertThat(property.path("type").asText()).as(name).isNotBlank();
      assertThat(property.path("description").asText()).as(name).isNotBlank().endsWith(".");
      JsonNode defaultValue = property.get("defaultValue");
      if (defaultValue != null) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("APPLICATION_ID", "metadata-test");
        settings.put(name.substring("moesif.".length()), JSON.treeToValue(defaultValue, Object.class));
        assertThatCode(() -> MoesifConfig.fromMap(settings)).as(name).doesNotThrowAnyException();
      }
    }
  }

  private static List<String> metadataNames() throws Exception {
    List<String> names = new ArrayList<>();
    metadata().path("properties").forEach(p -> names.add(p.path("name").asText()));
    return names;
  }

  private static JsonNode metadata() throws Exception {
    try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the metadata is on the classpath").isNotNull();
      return JSON.readTree(in);
    }
  }
}
