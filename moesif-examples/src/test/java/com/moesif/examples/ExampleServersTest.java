package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framework behind {@code --framework} serves the example API as the servlet example does,
 * and the SDK captures each of its calls once.
 */
class ExampleServersTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * The calls to compare. Two answers are the framework's own, so only their status is compared:
   * {@code GET /error} (the container's or mapper's 500) and {@code POST /hello} (405, whose
   * {@code Allow} lists what the framework adds, such as {@code OPTIONS}).
   */
  private static final List<String[]> CALLS = List.of(
      new String[] {"GET", "/hello"},
      new String[] {"POST", "/echo", "application/json", "{\"item\":\"widget\",\"quantity\":3}"},
      new String[] {"POST", "/echo", "application/x-www-form-urlencoded", "name=widget&color=blue"},
      new String[] {"GET", "/json?size=2048"},
      new String[] {"GET", "/json"},
      new String[] {"GET", "/json?size=lots"},
      new String[] {"GET", "/status/201"},
      new String[] {"GET", "/status/204"},
      new String[] {"GET", "/status/600"},
      new String[] {"GET", "/stream"},
      new String[] {"GET", "/users/42"},
      new String[] {"GET", "/nowhere"},
      new String[] {"POST", "/hello", "text/plain", "x"},
      new String[] {"GET", "/error"});

  @TempDir Path dir;

  static Stream<String> others() {
    return ExampleServer.frameworks().stream().filter(f -> !f.equals("servlet"));
  }

  static Stream<String> all() {
    return ExampleServer.frameworks().stream();
  }

  @ParameterizedTest
  @MethodSource("others")
  void servesTheSameRoutesAndBodiesAsTheServletExample(String framework) throws Exception {
    ExampleServer reference = ExampleServer.create("servlet");
    ExampleServer server = ExampleServer.create(framework);
    try {
      URI expectedBase = URI.create("http://127.0.0.1:" + reference.start(0, null));
      URI actualBase = URI.create("http://127.0.0.1:" + server.start(0, null));
      for (String[] call : CALLS) {
        HttpResponse<byte[]> expected = send(expectedBase, call);
        HttpResponse<byte[]> actual = send(actualBase, call);
        String what = framework + " " + call[0] + " " + call[1];
        assertThat(actual.statusCode()).as(what).isEqualTo(expected.statusCode());
        if (!call[1].equals("/error") && !(call[0].equals("POST") && call[1].equals("/hello"))) {
          assertThat(new String(actual.body(), StandardCharsets.UTF_8)).as(what)
              .isEqualTo(new String(expected.body(), StandardCharsets.UTF_8));
          assertThat(mediaType(actual)).as(what + " Content-Type").isEqualTo(mediaType(expected));
        }
      }
    } finally {
      server.stop();
      reference.stop();
    }
  }

  @ParameterizedTest
  @MethodSource("all")
  void everyCallIsCapturedOnce(String framework) throws Exception {
    try (LocalCollector collector = LocalCollector.start(0, dir.resolve(framework + ".jsonl"), null, null)) {
      Moesif moesif = Moesif.create(MoesifConfig.builder()
          .applicationId("examples-test")
          .baseUri(collector.baseUri())
          .batchTimeout(Duration.ofMillis(100))
          .shutdownHook(false)
          .build(), framework);
      ExampleServer server = ExampleServer.create(framework);
      try {
        URI base = URI.create("http://127.0.0.1:" + server.start(0, moesif));
        for (String[] call : CALLS) {
          send(base, call);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (moesif.stats().captured() < CALLS.size() && System.nanoTime() < deadline) {
          Thread.sleep(20); // a call counts once the adapter is done with it, a moment after the client
        }
        assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(collector.eventCount()).as(framework + " events").isEqualTo(CALLS.size());
        assertThat(LocalCollector.readEvents(collector.eventsFile()))
            .extracting(e -> e.path("transaction_id").asText())
            .doesNotHaveDuplicates();
      } finally {
        server.stop();
        moesif.close(Duration.ofSeconds(5));
      }
    }
  }

  private static HttpResponse<byte[]> send(URI base, String[] call) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call[1])).timeout(Duration.ofSeconds(10));
    if (call.length > 2) {
      request.header("Content-Type", call[2]).method(call[0], HttpRequest.BodyPublishers.ofString(call[3]));
    } else {
      request.method(call[0], HttpRequest.BodyPublishers.noBody());
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The Content-Type without spacing and case differences between frameworks, or "" when absent. */
  private static String mediaType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
