package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCollectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS =
      "[{\"request\":{\"time\":\"2026-01-02T03:04:05.678Z\",\"uri\":\"http://a/x\",\"verb\":\"GET\"},"
          + "\"response\":{\"time\":\"2026-01-02T03:04:05.700Z\",\"status\":200},\"direction\":\"Incoming\"},"
          + "{\"request\":{\"time\":\"2026-01-02T03:04:06.000Z\",\"uri\":\"http://a/y\",\"verb\":\"POST\"},"
          + "\"response\":{\"time\":\"2026-01-02T03:04:06.010Z\",\"status\":201},\"user_id\":\"u-1\"}]";

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private LocalCollector collector;

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void gzipBatchIsDecodedAndAppendedOneEventPerLine() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    HttpResponse<String> response = post("/v1/events/batch", gzip(EVENTS), true, "app-1");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("{}");
    assertThat(response.headers().firstValue(LocalCollector.CONFIG_ETAG_HEADER)).isPresent();
    List<String> lines = Files.readAllLines(collector.eventsFile());
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0))).isEqualTo(JSON.readTree(EVENTS).get(0));
    assertThat(JSON.readTree(lines.get(1))).isEqualTo(JSON.readTree(EVENTS).get(1));
    assertThat(collector.eventCount()).isEqualTo(2);
    assertThat(collector.recentEvents())
        .extracting(e -> e.path("request").path("verb").asText())
        .containsExactly("GET", "POST");
  }

  @Test
  void plainJsonAndSingleEventAndPathPrefixAreAccepted() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    assertThat(post("/v1/events/batch", bytes(EVENTS), false, "app-1").statusCode()).isEqualTo(201);
    String one = JSON.readTree(EVENTS).get(0).toString();
    assertThat(post("/collector/v1/events/", bytes(one), false, "app-1").statusCode()).isEqualTo(201);

    assertThat(LocalCollector.readEvents(collector.eventsFile())).hasSize(3);
  }

  @Test
  void entitiesGoToTheSiblingFileWithTheirKind() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    assertThat(post("/v1/users", bytes("{\"user_id\":\"u-1\"}"), false, "app-1").statusCode()).isEqualTo(201);
    assertThat(post("/v1/companies/batch", gzip("[{\"company_id\":\"c-1\"},{\"company_id\":\"c-2\"}]"), true, "app-1")
            .statusCode())
        .isEqualTo(201);

    assertThat(collector.entitiesFile()).isEqualTo(dir.resolve("events.entities.jsonl"));
    List<String> lines = Files.readAllLines(collector.entitiesFile());
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines.get(0)))
        .isEqualTo(JSON.readTree("{\"_kind\":\"user\",\"entity\":{\"user_id\":\"u-1\"}}"));
    assertThat(JSON.readTree(lines.get(2)).path("_kind").asText()).isEqualTo("company");
    assertThat(collector.eventCount()).isZero();
    assertThat(collector.entityCount()).isEqualTo(3);
  }

  @Test
  void callsWithoutApplicationIdAreRejected() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    assertThat(post("/v1/events/batch", gzip(EVENTS), true, null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/config", null).statusCode()).isEqualTo(401);

    assertThat(collector.eventCount()).isZero();
    assertThat(Files.readAllLines(collector.eventsFile())).isEmpty();
  }

  @Test
  void configAndRulesDefaultToEmpty() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    HttpResponse<String> config = get("/v1/config", "app-1");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).isEqualTo("{}");
    assertThat(config.headers().firstValue(LocalCollector.CONFIG_ETAG_HEADER)).isPresent();
    HttpResponse<String> rules = get("/v1/rules", "app-1");
    assertThat(rules.statusCode()).isEqualTo(200);
    assertThat(rules.body()).isEqualTo("[]");
  }

  @Test
  void configAndRulesAreServedFromTheirFilesAndTheETagFollowsEdits() throws Exception {
    Path configFile = Files.writeString(dir.resolve("config.json"), "{\"sample_rate\":50}");
    Path rulesFile = Files.writeString(dir.resolve("rules.json"), "[{\"_id\":\"r1\",\"type\":\"regex\"}]");
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), configFile, rulesFile);

    HttpResponse<String> config = get("/v1/config", "app-1");
    assertThat(JSON.readTree(config.body()).path("sample_rate").asInt()).isEqualTo(50);
    assertThat(JSON.readTree(get("/v1/rules", "app-1").body()).get(0).path("_id").asText()).isEqualTo("r1");

    String etag = config.headers().firstValue(LocalCollector.CONFIG_ETAG_HEADER).orElseThrow();
    Files.writeString(configFile, "{\"sample_rate\":10}");
    HttpResponse<String> edited = get("/v1/config", "app-1");
    assertThat(JSON.readTree(edited.body()).path("sample_rate").asInt()).isEqualTo(10);
    assertThat(edited.headers().firstValue(LocalCollector.CONFIG_ETAG_HEADER)).isPresent().get().isNotEqualTo(etag);
  }

  @Test
  void gzipBombIsRejectedWith413() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] spaces = new byte[1024 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      gz.write('[');
      for (int i = 0; i <= LocalCollector.MAX_BODY_BYTES / spaces.length; i++) {
        gz.write(spaces);
      }
      gz.write(']');
    }
    assertThat(compressed.size()).isLessThan(1024 * 1024);

    assertThat(post("/v1/events/batch", compressed.toByteArray(), true, "app-1").statusCode()).isEqualTo(413);
    assertThat(collector.eventCount()).isZero();
  }

  @Test
  void malformedBodiesAndUnknownPathsAreClientErrors() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    assertThat(post("/v1/events/batch", bytes("[{\"a\":"), false, "app-1").statusCode()).isEqualTo(400);
    assertThat(post("/v1/events/batch", bytes("{\"a\":1}"), false, "app-1").statusCode()).isEqualTo(400);
    assertThat(post("/v1/events/batch", bytes("[1,2]"), false, "app-1").statusCode()).isEqualTo(400);
    assertThat(post("/v1/nothing", bytes("[]"), false, "app-1").statusCode()).isEqualTo(404);
    assertThat(get("/v1/events/batch", "app-1").statusCode()).isEqualTo(405);
    assertThat(collector.eventCount()).isZero();
  }

  @Test
  void entityCountsAreKeptPerKind() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    post("/v1/users/batch", bytes("[{\"user_id\":\"u-1\"},{\"user_id\":\"u-2\"}]"), false, "app-1");
    post("/v1/subscriptions", bytes("{\"subscription_id\":\"s-1\"}"), false, "app-1");

    assertThat(collector.entityCounts()).containsEntry("user", 2L).containsEntry("company", 0L).containsEntry("subscription", 1L);
  }

  @Test
  void awaitRulesServedReturnsOnceAnSdkFetchedTheRules() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);
    assertThat(collector.awaitRulesServed(1, Duration.ofMillis(50))).isFalse();

    get("/v1/rules", "app-1");

    assertThat(collector.awaitRulesServed(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void apiEventsReturnsTheEventsAfterTheGivenSequenceNumber() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);
    post("/v1/events/batch", gzip(EVENTS), true, "app-1");

    JsonNode all = JSON.readTree(get("/api/events", null).body());
    assertThat(all.path("total").asInt()).isEqualTo(2);
    assertThat(all.path("last_seq").asInt()).isEqualTo(2);
    assertThat(all.path("events")).extracting(e -> e.path("seq").asInt()).containsExactly(1, 2);
    assertThat(all.path("events").get(1).path("event")).isEqualTo(JSON.readTree(EVENTS).get(1));
    assertThat(all.path("events").get(0).path("received").asText()).isNotEmpty();

    JsonNode after1 = JSON.readTree(get("/api/events?since=1", null).body());
    assertThat(after1.path("events")).extracting(e -> e.path("event").path("request").path("verb").asText()).containsExactly("POST");
    JsonNode none = JSON.readTree(get("/api/events?since=2", null).body());
    assertThat(none.path("events")).isEmpty();
    assertThat(none.path("last_seq").asInt()).isEqualTo(2);

    assertThat(get("/api/events?since=-1", null).statusCode()).isEqualTo(400);
    assertThat(get("/api/events?since=x", null).statusCode()).isEqualTo(400);
  }

  @Test
  void apiEventsKeepsOnlyTheLatestEventsButCountsAll() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < LocalCollector.RECENT_LIMIT + 20; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"request\":{\"verb\":\"GET\",\"uri\":\"http://a/").append(i).append("\"}}");
    }
    post("/v1/events/batch", bytes(batch.append(']').toString()), false, "app-1");

    JsonNode page = JSON.readTree(get("/api/events", null).body());
    assertThat(page.path("events")).hasSize(LocalCollector.RECENT_LIMIT);
    assertThat(page.path("events").get(0).path("seq").asInt()).isEqualTo(21);
    assertThat(page.path("total").asInt()).isEqualTo(LocalCollector.RECENT_LIMIT + 20);
  }

  @Test
  void apiStatsCountsDirectionsStatusClassesRatesAndLatency() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);
    post("/v1/events/batch", gzip(EVENTS), true, "app-1");
    post("/v1/companies", bytes("{\"company_id\":\"c-1\"}"), false, "app-1");

    JsonNode stats = JSON.readTree(get("/api/stats", null).body());

    assertThat(stats.path("events").asInt()).isEqualTo(2);
    assertThat(stats.path("entities").path("company").asInt()).isEqualTo(1);
    assertThat(stats.path("directions").path("Incoming").asInt()).isEqualTo(2); // no direction: Incoming
    assertThat(stats.path("status_classes").path("2xx").asInt()).isEqualTo(2);
    assertThat(stats.path("blocked").asInt()).isZero();
    JsonNode rate = stats.path("per_second");
    assertThat(rate.path("end").asLong()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:06Z").getEpochSecond());
    assertThat(rate.path("counts")).hasSize(EventViewer.RATE_WINDOW_SECONDS);
    assertThat(rate.path("counts").get(EventViewer.RATE_WINDOW_SECONDS - 1).asInt()).isEqualTo(1);
    assertThat(rate.path("counts").get(EventViewer.RATE_WINDOW_SECONDS - 2).asInt()).isEqualTo(1);
    assertThat(stats.path("latency_ms").path("count").asInt()).isEqualTo(2);
    assertThat(stats.path("latency_ms").path("p50").asInt()).isEqualTo(10);
    assertThat(stats.path("latency_ms").path("max").asInt()).isEqualTo(22);
  }

  @Test
  void thePageIsServedFromTheJarWithAStrictContentSecurityPolicy() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
    assertThat(page.body()).contains("<script src=\"viewer.js\"", "id=\"events\"").doesNotContain("http://", "https://");
    for (String asset : List.of("/viewer.js", "/viewer.css")) {
      HttpResponse<String> file = get(asset, null);
      assertThat(file.statusCode()).as(asset).isEqualTo(200);
      // No CDN, no fonts from elsewhere: the page works without internet.
      assertThat(file.body()).as(asset).doesNotContain("https://", "@import", "url(");
    }
    assertThat(get("/nothing", null).statusCode()).isEqualTo(404);
    assertThat(post("/api/events", bytes("{}"), false, null).statusCode()).isEqualTo(405);
  }

  @Test
  void theViewerAnswersOnlyToLoopbackHostNames() throws Exception {
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);

    assertThat(EventViewer.isLocalHost("127.0.0.1:" + collector.port(), collector.port())).isTrue();
    assertThat(EventViewer.isLocalHost("LOCALHOST:" + collector.port(), collector.port())).isTrue();
    assertThat(EventViewer.isLocalHost("attacker.example:" + collector.port(), collector.port())).isFalse();
    assertThat(EventViewer.isLocalHost("127.0.0.1:1", collector.port())).isFalse();
  }

  @Test
  void invalidConfigFileFailsAtStart() throws Exception {
    Path bad = Files.writeString(dir.resolve("config.json"), "{not json");
    assertThatThrownBy(
            () -> LocalCollector.start(0, dir.resolve("events.jsonl"), bad, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("config.json");
  }

  private HttpResponse<String> post(String path, byte[] body, boolean gzip, String appId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    if (appId != null) {
      request.header(LocalCollector.APP_ID_HEADER, appId);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String appId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (appId != null) {
      request.header(LocalCollector.APP_ID_HEADER, appId);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return collector.baseUri().resolve(path);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes(text));
    }
    return out.toByteArray();
  }
}
