package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.CollectorDouble.Reply;
import com.moesif.core.testkit.FakeHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Config and rules refresh, sampling and governance, driven through the engine against the collector double. */
class ServerConfigRefresherTest {
  private CollectorDouble collector;
  private Moesif moesif;
  private final AtomicReference<String> configBody = new AtomicReference<>("{}");
  private final AtomicReference<String> configEtag = new AtomicReference<>("e1");
  private final AtomicReference<String> rulesBody = new AtomicReference<>("[]");
  private final AtomicReference<String> batchEtag = new AtomicReference<>("e1");

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
    collector.respondWith(
        r -> switch (r.path()) {
          case "/v1/config" -> new Reply(200, java.util.Map.of("X-Moesif-Config-ETag", configEtag.get()), configBody.get(), Duration.ZERO);
          case "/v1/rules" -> new Reply(200, java.util.Map.of(), rulesBody.get(), Duration.ZERO);
          default -> Reply.ok().withHeader("X-Moesif-Config-ETag", batchEtag.get());
        });
  }

  @AfterEach
  void stop() {
    if (moesif != null) {
      moesif.close(Duration.ofSeconds(2));
    }
    collector.close();
  }

  private Moesif sdk(UnaryOperator<MoesifConfig.Builder> custom) {
    moesif =
        Moesif.create(
            custom.apply(
                    MoesifConfig.builder()
                        .applicationId("app-id-1234567890")
                        .baseUri(collector.baseUri())
                        .batchTimeout(Duration.ofMillis(20))
                        .shutdownHook(false))
                .build());
    return moesif;
  }

  private Exchange call(String method, String path, String... headers) {
    FakeHttp.Request request = FakeHttp.request(method, "http://api.test" + path);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return moesif.captureEngine().startIncoming(request);
  }

  private long fetches(String path) {
    return collector.requests(path).size();
  }

  @Test
  void fetchesOnceAtStartWithoutBlockingStartUp() throws Exception {
    // The collector answers nothing until the test lets it, and the SDK would wait far longer
    // than the test does: a start-up that waited for the fetch would not return.
    CountDownLatch answer = new CountDownLatch(1);
    collector.respondWith(CollectorDouble.heldBy(answer, r -> Reply.ok()));
    try {
      CompletableFuture<Moesif> started =
          CompletableFuture.supplyAsync(() -> sdk(b -> b.requestTimeout(Duration.ofSeconds(60))));
      assertThat(started.get(10, TimeUnit.SECONDS)).as("started while the fetch is unanswered").isNotNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/config") == 1);
    } finally {
      answer.countDown();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/config") == 1 && fetches("/v1/rules") == 1);
    assertThat(collector.requests("/v1/config").get(0).header("X-Moesif-Application-Id")).isEqualTo("app-id-1234567890");
  }

  @Test
  void refreshesPeriodically() {
    sdk(b -> b.configRefreshInterval(Duration.ofMillis(200)));
    await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/config") >= 3 && fetches("/v1/rules") >= 3);
  }

  @Test
  void aChangedEtagOnBatchAnswersTriggersExactlyOneRefetch() throws Exception {
    sdk(b -> b);
    await().until(() -> fetches("/v1/config") == 1);
    configEtag.set("e2");
    batchEtag.set("e2");
    for (int i = 0; i < 5; i++) {
      call("GET", "/a" + i).end(FakeHttp.response(200), null);
      moesif.flush(Duration.ofSeconds(5));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/config") == 2);
    await("no further config fetch for 300 ms").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
        .until(() -> fetches("/v1/config") == 2);
    assertThat(fetches("/v1/rules")).isEqualTo(1);
  }

  @Test
  void sampleRate50HalvesDeliveredEventsAndSetsWeight2() {
    configBody.set("{\"sample_rate\": 50}");
    sdk(b -> b.batchSize(500));
    // Probe until the fetched config is in force (the first sampled-out event), then measure fresh.
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      call("GET", "/probe").end(FakeHttp.response(200), null);
      return moesif.stats().sampledOut() > 0;
    });
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    collector.reset();
    long sampledBefore = moesif.stats().sampledOut();
    long sentBefore = moesif.stats().sent();
    int n = 2000;
    for (int i = 0; i < n; i++) {
      call("GET", "/s").end(FakeHttp.response(200), null);
    }
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    List<com.fasterxml.jackson.databind.JsonNode> events = collector.events();
    // binomial(2000, 0.5): sd ~ 22; 5 sd either side
    assertThat(events.size()).isBetween(890, 1110);
    assertThat(events).allSatisfy(e -> assertThat(e.get("weight").asInt()).isEqualTo(2));
    MoesifStats stats = moesif.stats();
    assertThat(stats.sampledOut() - sampledBefore + stats.sent() - sentBefore).isEqualTo(n);
    assertThat(events).hasSize((int) (stats.sent() - sentBefore));
  }

  @Test
  void blockingRuleAnswersWithoutTheHandlerAndTheEventHasBlockedBy() {
    rulesBody.set(
        "[{\"_id\":\"r-block\",\"type\":\"regex\",\"block\":true,"
            + "\"regex_config\":[{\"conditions\":[{\"path\":\"request.route\",\"value\":\"^/admin\"}]}],"
            + "\"response\":{\"status\":403,\"headers\":{\"X-Why\":\"blocked\"},\"body\":{\"error\":\"no\"}}}]");
    sdk(b -> b);
    await().until(() -> fetches("/v1/rules") == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> call("GET", "/admin/x").block() != null);
    Exchange exchange = call("GET", "/admin/users?all=1");
    assertThat(exchange.block().status()).isEqualTo(403);
    assertThat(call("GET", "/public").block()).isNull();
    FakeHttp.Response response = FakeHttp.response(403);
    exchange.block().headers().forEach(h -> response.header(h.getKey(), h.getValue()));
    byte[] body = exchange.block().body();
    exchange.responseBody().write(body, 0, body.length);
    exchange.end(response, null);
    moesif.flush(Duration.ofSeconds(5));
    com.fasterxml.jackson.databind.JsonNode event =
        collector.events().stream().filter(e -> e.path("blocked_by").isTextual()).findFirst().orElseThrow();
    assertThat(event.get("blocked_by").asText()).isEqualTo("r-block");
    assertThat(event.get("response").get("status").asInt()).isEqualTo(403);
    assertThat(event.get("response").get("body").get("error").asText()).isEqualTo("no");
    assertThat(event.get("response").get("headers").get("x-why").asText()).isEqualTo("blocked");
  }

  @Test
  void malformedOrHugeAnswersKeepTheLastGoodCopy() {
    rulesBody.set("[{\"_id\":\"h\",\"type\":\"regex\",\"block\":false,\"response\":{\"headers\":{\"X-H\":\"1\"}}}]");
    sdk(b -> b.configRefreshInterval(Duration.ofMillis(100)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !call("GET", "/").extraResponseHeaders().isEmpty());
    long before = fetches("/v1/rules");
    rulesBody.set("{not json");
    await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/rules") >= before + 2);
    assertThat(call("GET", "/").extraResponseHeaders()).containsExactly(java.util.Map.entry("X-H", "1"));
    long before2 = fetches("/v1/rules");
    rulesBody.set("[" + "{\"_id\":\"x\"},".repeat(700_000) + "{}]");
    await().atMost(Duration.ofSeconds(10)).until(() -> fetches("/v1/rules") >= before2 + 2);
    assertThat(call("GET", "/").extraResponseHeaders()).containsExactly(java.util.Map.entry("X-H", "1"));
  }

  /**
   * Answers that parse but must not be used: too many rules or sampling rules (each is evaluated
   * on every request thread), JSON nested deeper than the parser allows, the wrong top-level
   * type. Each is refused whole and the last good copy stays in force, for rules and config alike.
   */
  @Test
  void enormousDeepOrMistypedAnswersKeepTheLastGoodCopy() {
    rulesBody.set("[{\"_id\":\"h\",\"type\":\"regex\",\"block\":false,\"response\":{\"headers\":{\"X-H\":\"1\"}}}]");
    // A user sampled at 0: while this config is in force, that user's events are sampled out.
    configBody.set("{\"sample_rate\":100,\"user_sample_rate\":{\"muted\":0}}");
    sdk(b -> b.configRefreshInterval(Duration.ofMillis(100)).identifyUser((req, res) -> "muted"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !call("GET", "/").extraResponseHeaders().isEmpty());
    await().atMost(Duration.ofSeconds(5)).until(this::mutedUserIsSampledOut);

    String manyRules = "[" + "{\"_id\":\"r\",\"type\":\"regex\",\"block\":false},".repeat(1000) + "{\"_id\":\"last\",\"type\":\"regex\"}]";
    String manyConditions = "[{\"_id\":\"c\",\"type\":\"regex\",\"regex_config\":[{\"conditions\":["
        + "{\"path\":\"request.verb\",\"value\":\"GET\"},".repeat(10_000) + "{}]}]}]";
    String deep = "[".repeat(1000) + "]".repeat(1000);
    for (String bad : java.util.List.of(manyRules, manyConditions, deep, "{\"rules\":[]}", "\"[]\"", "")) {
      long before = fetches("/v1/rules");
      rulesBody.set(bad);
      await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/rules") >= before + 2);
      assertThat(call("GET", "/").extraResponseHeaders()).as(bad.length() > 60 ? bad.substring(0, 60) : bad)
          .containsExactly(java.util.Map.entry("X-H", "1"));
    }

    String manySamplingRules = "{\"sample_rate\":100,\"regex_config\":["
        + "{\"conditions\":[{\"path\":\"request.verb\",\"value\":\"POST\"}],\"sample_rate\":100},".repeat(1001) + "{}]}";
    for (String bad : java.util.List.of(manySamplingRules, "{" + "\"a\":{".repeat(1000) + "}".repeat(1001), "[]", "{not json")) {
      long before = fetches("/v1/config");
      configBody.set(bad);
      await().atMost(Duration.ofSeconds(5)).until(() -> fetches("/v1/config") >= before + 2);
      assertThat(mutedUserIsSampledOut()).as(bad.length() > 60 ? bad.substring(0, 60) : bad).isTrue();
    }
  }

  @Test
  void refusedAnswersAreLoggedOncePerResource() {
    try (com.moesif.core.testkit.LogCapture log = com.moesif.core.testkit.LogCapture.start()) {
      rulesBody.set("[" + " ".repeat(9 * 1024 * 1024) + "]"); // past the 8 MiB a rule set may have
      configBody.set("{\"sample_rate\":100,\"regex_config\":["
          + "{\"conditions\":[],\"sample_rate\":100},".repeat(1001) + "{}]}"); // past 1000 rules
      sdk(b -> b.configRefreshInterval(Duration.ofMillis(100)));
      await().atMost(Duration.ofSeconds(10)).until(() -> fetches("/v1/rules") >= 3 && fetches("/v1/config") >= 3);
      moesif.close(Duration.ofSeconds(2));
      assertThat(log.lines().stream().filter(l -> l.contains("refused the collector's answer to GET /v1/rules")))
          .singleElement().asString().contains("larger than 8388608 bytes").contains("WARN");
      assertThat(log.lines().stream().filter(l -> l.contains("refused the collector's /v1/config")))
          .singleElement().asString().contains("more than 1000 regex_config entries");
    }
  }

  private boolean mutedUserIsSampledOut() {
    long before = moesif.stats().sampledOut();
    call("GET", "/muted").end(FakeHttp.response(200), null);
    return moesif.stats().sampledOut() == before + 1;
  }
}
