package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framework behind {@code --framework} answers the example routes with the same statuses,
 * types and bytes, and every call arrives at the local collector as one event.
 */
class ExampleServersTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  static Stream<String> frameworks() {
    return ExampleServer.frameworks().stream();
  }

  @ParameterizedTest
  @MethodSource("frameworks")
  void everyFrameworkServesTheSameRoutesAndEveryCallIsCaptured(String framework) throws Exception {
    try (LocalCollector collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null)) {
      Moesif moesif = Moesif.create(MoesifConfig.builder()
          .applicationId("examples-test")
          .baseUri(collector.baseUri())
          .batchTimeout(Duration.ofMillis(100))
          .shutdownHook(false)
          .build(), framework);
      ExampleServer server = ExampleServer.create(framework);
      List<String> sent = new ArrayList<>();
      try {
        URI base = URI.create("http://127.0.0.1:" + server.start(0, moesif));

        expect(send(base, "GET", "/hello", null), 200, "text/plain", ExampleApi.HELLO.getBytes(StandardCharsets.UTF_8));
        byte[] json = "{\"item\":\"widget\"}".getBytes(StandardCharsets.UTF_8);
        expect(send(base, "POST", "/echo", json), 200, "application/json", json);
        expect(send(base, "GET", "/json?size=2048", null), 200, "application/json", ExampleApi.jsonDocument(2048));
        expect(send(base, "GET", "/json", null), 200, "application/json", ExampleApi.jsonDocument(ExampleApi.DEFAULT_JSON_SIZE));
        assertThat(send(base, "GET", "/json?size=lots", null).statusCode()).isEqualTo(400);
        expect(send(base, "GET", "/status/503", null), 503, "application/json", ExampleApi.statusBody(503));
        expect(send(base, "GET", "/status/204", null), 204, null, new byte[0]);
        expect(send(base, "GET", "/users/42", null), 200, "application/json", ExampleApi.userJson("42"));
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < ExampleApi.STREAM_CHUNKS; i++) {
          chunks.append(new String(ExampleApi.streamChunk(i), StandardCharsets.UTF_8));
        }
        expect(send(base, "GET", "/stream", null), 200, "text/plain", chunks.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(send(base, "GET", "/error", null).statusCode()).isEqualTo(500);
        assertThat(send(base, "GET", "/no/such/route", null).statusCode()).isEqualTo(404);
        assertThat(send(base, "GET", "/echo", null).statusCode()).isEqualTo(405);
        sent.addAll(List.of("/hello", "/echo", "/json?size=2048", "/json", "/json?size=lots", "/status/503",
            "/status/204", "/users/42", "/stream", "/error", "/no/such/route", "/echo"));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (moesif.stats().captured() < sent.size() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
      } finally {
        server.stop();
        moesif.close(Duration.ofSeconds(5));
      }
      List<JsonNode> events = LocalCollector.readEvents(collector.eventsFile());
      assertThat(events).extracting(e -> target(e.path("request").path("uri").asText()))
          .containsExactlyInAnyOrderElementsOf(sent);
      assertThat(events).extracting(e -> e.path("transaction_id").asText()).doesNotHaveDuplicates();
    }
  }

  private static HttpResponse<byte[]> send(URI base, String method, String target, byte @Nullable [] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(10));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void expect(HttpResponse<byte[]> response, int status, @Nullable String type, byte[] body) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
    if (type != null) {
      assertThat(response.headers().firstValue("Content-Type")).as(response.uri() + " Content-Type")
          .hasValueSatisfying(value -> assertThat(value).startsWith(type));
    }
    assertThat(response.body()).as(response.uri() + " body").isEqualTo(body);
  }

  private static String target(String uri) {
    URI parsed = URI.create(uri);
    return parsed.getRawQuery() == null ? parsed.getRawPath() : parsed.getRawPath() + "?" + parsed.getRawQuery();
  }
}
