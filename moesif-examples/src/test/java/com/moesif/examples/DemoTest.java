package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, run in-process: collector, servlet example, SDK and traffic. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void everyRequestTheDemoSendsArrivesAtTheCollectorAsAnEvent() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    Demo.Result result =
        Demo.run(new PrintStream(output, true, StandardCharsets.UTF_8), dir.resolve("events.jsonl"));

    List<String> sent =
        result.sent().stream().map(s -> s.method() + " " + s.target() + " " + s.status()).sorted().toList();
    List<String> received =
        result.events().stream()
            .map(e -> e.path("request").path("verb").asText() + " " + target(e) + " " + e.path("response").path("status").asInt())
            .sorted()
            .toList();
    assertThat(received).isEqualTo(sent);
    assertThat(result.allArrived()).isTrue();
    assertThat(result.stats().sent()).isEqualTo(sent.size());
    assertThat(result.events()).extracting(e -> e.path("transaction_id").asText()).doesNotHaveDuplicates();
    assertThat(LocalCollector.readEvents(result.eventsFile())).hasSameSizeAs(result.events());
    assertThat(event(result, "/users/42").path("user_id").asText()).isEqualTo("user-42");
    assertThat(event(result, "/users/7").path("user_id").asText()).isEqualTo("alice");
    assertThat(event(result, "/json?size=2048").path("response").path("body").path("size").asInt()).isEqualTo(2048);

    String text = output.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("OK: every request arrived");
    assertThat(text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)))
        .as("plain ASCII output:%n%s", text)
        .isTrue();
  }

  private static JsonNode event(Demo.Result result, String target) {
    return result.events().stream().filter(e -> target(e).equals(target)).findFirst().orElseThrow();
  }

  private static String target(JsonNode event) {
    URI uri = URI.create(event.path("request").path("uri").asText());
    return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
  }
}
