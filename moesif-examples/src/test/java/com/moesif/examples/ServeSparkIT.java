package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-jar contract with the packaged jar (hence an integration test, after {@code package}):
 * {@code java -jar moesif-examples.jar serve --framework spark} starts the Spark example, isolated
 * on Jetty 9 inside the jar that also holds Jetty 12, and its calls reach the collector through the
 * SDK.
 */
class ServeSparkIT {
  private static final Pattern LISTENING = Pattern.compile("spark example listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path dir;

  @Test
  void serveFrameworkSparkAnswersHelloThroughTheSdk() throws Exception {
    Path jar = Path.of("target", "moesif-examples.jar"); // failsafe runs in the module directory
    assertThat(jar).as("the packaged examples jar").isRegularFile();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (LocalCollector collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null)) {
      Process serve = new ProcessBuilder(
              java, "-jar", jar.toString(), "serve", "--framework", "spark", "--port", "0",
              "--base-uri", collector.baseUri().toString(), "--application-id", "serve-spark-it")
          .redirectErrorStream(true)
          .start();
      List<String> output = new ArrayList<>();
      try {
        BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        URI base = CompletableFuture.supplyAsync(() -> awaitListening(lines, output)).get(60, TimeUnit.SECONDS);

        HttpResponse<String> hello = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(base.resolve("/hello")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo(ExampleApi.HELLO);
        String transactionId = hello.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (collector.eventCount() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(50); // the SDK in the other JVM sends its batch within EVENT_BATCH_TIMEOUT
        }
        List<JsonNode> events = LocalCollector.readEvents(collector.eventsFile());
        assertThat(events).as("events; serve printed %s", output).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.at("/request/uri").asText()).isEqualTo(base + "/hello");
        assertThat(event.get("transaction_id").asText()).isEqualTo(transactionId);
        assertThat(new String(Base64.getDecoder().decode(event.at("/response/body").asText()), StandardCharsets.UTF_8))
            .isEqualTo(ExampleApi.HELLO);
      } finally {
        serve.destroy(); // SIGTERM: the shutdown hook stops the server and closes the SDK
        if (!serve.waitFor(20, TimeUnit.SECONDS)) {
          serve.destroyForcibly();
        }
      }
    }
  }

  private static URI awaitListening(BufferedReader lines, List<String> output) {
    try {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          return URI.create(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("serve ended without listening: " + output);
  }
}
