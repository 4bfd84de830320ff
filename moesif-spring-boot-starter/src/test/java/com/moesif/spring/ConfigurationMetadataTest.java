package com.moesif.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.MoesifConfig;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata ({@code META-INF/spring-configuration-metadata.json}) documents exactly the
 * properties the starter binds, as the SDK's table ({@link MoesifConfig#settings()}) describes
 * them: a setting added to the SDK without its entry here, an entry left behind, or a changed
 * type, default or description fails this test.
 */
class ConfigurationMetadataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where the starter's default differs from the SDK's (see MoesifAutoConfiguration). */
  private static final Map<String, String> STARTER_DEFAULTS = Map.of("SHUTDOWN_HOOK", "false");

  @Test
  void theMetadataListsExactlyTheBoundProperties() throws Exception {
    List<String> names = new ArrayList<>();
    metadata().path("properties").forEach(p -> names.add(p.path("name").asText()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(MoesifProperties.propertyNames());
  }

  @Test
  void everyPropertyHasTheSettingsTypeDescriptionAndDefault() throws Exception {
    Map<String, JsonNode> byName = new HashMap<>();
    metadata().path("properties").forEach(p -> byName.put(p.path("name").asText(), p));
    for (MoesifConfig.Setting setting : MoesifProperties.bindable()) {
      String name = MoesifProperties.propertyName(setting);
      JsonNode property = byName.get(name);
      assertThat(property).as(name).isNotNull();
      assertThat(property.path("type").asText()).as(name).isEqualTo(metadataType(setting.type()));
      assertThat(property.path("description").asText())
          .as(name)
          .startsWith(setting.description())
          .endsWith("Environment variable: MOESIF_" + setting.key() + ".");
      String expectedDefault = STARTER_DEFAULTS.getOrDefault(setting.key(), setting.defaultValue());
      JsonNode defaultValue = property.get("defaultValue");
      if (expectedDefault == null) {
        assertThat(defaultValue).as(name + " has no default").isNull();
      } else {
        assertThat(defaultValue).as(name + " default").isNotNull();
        String shown = defaultValue.isArray() ? String.join(",", JSON.convertValue(defaultValue, String[].class)) : defaultValue.asText();
        assertThat(shown).as(name + " default").isEqualTo(expectedDefault);
      }
    }
  }

  /**
   * The type an IDE is told. Durations are strings: the SDK reads seconds and ISO-8601, not
   * Spring's {@code 10s} form that {@code java.time.Duration} would make an IDE suggest.
   */
  private static String metadataType(Class<?> type) {
    if (type == Duration.class) {
      return String.class.getName();
    }
    if (type == List.class) {
      return "java.util.List<java.lang.String>";
    }
    assertThat(type).isIn(Boolean.class, Integer.class, Long.class, String.class, URI.class);
    return type.getName();
  }

  private static JsonNode metadata() throws Exception {
    try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the metadata is on the classpath").isNotNull();
      return JSON.readTree(in);
    }
  }
}
