package com.moesif.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The collector double itself: the other tests trust what it records. */
class CollectorDoubleTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CollectorDouble collector = CollectorDouble.start();

  @AfterEach
  void close() {
    collector.close();
  }

  private HttpResponse<String> post(String path, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(collector.baseUri().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void decodesGzipAndPlainBatchesInArrivalOrder() throws Exception {
    post("/v1/events/batch", gzip("[{\"n\":1},{\"n\":2}]"), true);
    post("/v1/events/batch", "[{\"n\":3}]".getBytes(StandardCharsets.UTF_8), false);

    assertThat(collector.awaitEvents(3)).extracting(e -> e.get("n").asInt()).containsExactly(1, 2, 3);
    CollectorDouble.RecordedRequest first = collector.requests("/v1/events/batch").get(0);
    assertThat(first.header("content-encoding")).isEqualTo("gzip");
    assertThat(new String(first.decodedBody(), StandardCharsets.UTF_8)).isEqualTo("[{\"n\":1},{\"n\":2}]");
  }

  @Test
  void servesConfigAndRulesAndRecordsEveryPath() throws Exception {
    HttpResponse<String> config =
        CLIENT.send(HttpRequest.newBuilder(collector.baseUri().resolve("/v1/config")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> rules =
        CLIENT.send(HttpRequest.newBuilder(collector.baseUri().resolve("/v1/rules")).build(), HttpResponse.BodyHandlers.ofString());
    post("/v1/users", "{\"user_id\":\"u\"}".getBytes(StandardCharsets.UTF_8), false);

    assertThat(config.body()).isEqualTo("{}");
    assertThat(rules.body()).isEqualTo("[]");
    assertThat(collector.paths()).containsExactly("GET /v1/config", "GET /v1/rules", "POST /v1/users");
    assertThat(collector.events()).isEmpty();
  }

  @Test
  void eventsOfARefusedBatchAreNotRecorded() throws Exception {
    collector.respondWith(r -> CollectorDouble.Reply.status(503).withHeader("Retry-After", "1"));
    HttpResponse<String> refused = post("/v1/events/batch", "[{\"n\":1}]".getBytes(StandardCharsets.UTF_8), false);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(collector.requests()).hasSize(1);
    assertThat(collector.events()).isEmpty();

    collector.reset();
    assertThat(post("/v1/events/batch", "[{\"n\":2}]".getBytes(StandardCharsets.UTF_8), false).statusCode()).isEqualTo(200);
    assertThat(collector.events()).hasSize(1);
    assertThat(collector.requests()).hasSize(1);
  }

  @Test
  void malformedBatchIsRecordedWithoutEventsAndAwaitingNamesWhatCame() throws Exception {
    post("/v1/events/batch", "not json".getBytes(StandardCharsets.UTF_8), false);

    assertThat(collector.requests()).hasSize(1);
    assertThatThrownBy(() -> collector.awaitEvents(1, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("got 0 events")
        .hasMessageContaining("POST /v1/events/batch (8 bytes)");
  }

  @Test
  void aThrowingResponderIsAnswered500() throws Exception {
    collector.respondWith(r -> {
      throw new IllegalStateException("bad responder");
    });

    HttpResponse<String> response = post("/v1/events/batch", "[{}]".getBytes(StandardCharsets.UTF_8), false);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("bad responder");
    assertThat(collector.events()).isEmpty();
  }
}
