package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.CollectorDouble.Reply;
import com.moesif.core.testkit.FakeHttp;
import com.moesif.core.testkit.LogCapture;
import com.moesif.core.testkit.SdkFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue → batch → gzip → POST pipeline against a real loopback collector double. */
class ShippingPipelineTest {
  private CollectorDouble collector;
  private final List<Moesif> opened = new ArrayList<>();

  @BeforeEach
  void startCollector() {
    collector = CollectorDouble.start();
  }

  @AfterEach
  void stopAll() {
    opened.forEach(m -> m.close(Duration.ofSeconds(2)));
    collector.close();
  }

  private Moesif sdk(UnaryOperator<MoesifConfig.Builder> custom) {
    MoesifConfig.Builder builder =
        MoesifConfig.builder()
            .applicationId("app-id-1234567890")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(50))
            .retryBaseDelay(Duration.ofMillis(20))
            .maxSdkCpuPercent(0) // the pipeline's tests count every event: see SdkFixture#config
            .shutdownHook(false);
    Moesif moesif = Moesif.create(custom.apply(builder).build());
    opened.add(moesif);
    return moesif;
  }

  private static void call(Moesif moesif, String path) {
    Exchange exchange =
        moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test" + path));
    assertThat(exchange).isNotNull();
    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    exchange.responseBody().write(body, 0, body.length);
    exchange.end(FakeHttp.response(200).header("Content-Type", "application/json"), null);
  }

  private static boolean isBatch(CollectorDouble.RecordedRequest r) {
    return r.path().equals("/v1/events/batch");
  }

  private static void assertAccounted(MoesifStats s) {
    assertThat(s.captured())
        .as(s.toString())
        .isEqualTo(s.sent() + s.sampledOut() + s.shed() + s.filtered() + s.dropped() + s.failed() + s.pending());
  }

  @Test
  void batchesAreGzippedJsonArraysWithTheRequiredHeaders() {
    Moesif moesif = sdk(b -> b.batchSize(3));
    for (int i = 0; i < 7; i++) {
      call(moesif, "/items/" + i);
    }
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    List<JsonNode> events = collector.awaitEvents(7);
    assertThat(events).extracting(e -> e.get("request").get("uri").asText())
        .containsExactlyInAnyOrder(
            "http://api.test/items/0", "http://api.test/items/1", "http://api.test/items/2",
            "http://api.test/items/3", "http://api.test/items/4", "http://api.test/items/5",
            "http://api.test/items/6");
    assertThat(events.get(0).get("response").get("body").get("ok").asBoolean()).isTrue();
    List<CollectorDouble.RecordedRequest> posts = collector.requests("/v1/events/batch");
    assertThat(posts).allSatisfy(p -> {
      assertThat(p.method()).isEqualTo("POST");
      assertThat(p.header("X-Moesif-Application-Id")).isEqualTo("app-id-1234567890");
      assertThat(p.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(p.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(p.header("User-Agent")).matches("moesif-java/\\S+ \\(java\\)");
      assertThat(p.json().isArray()).isTrue();
      assertThat(p.json().size()).isLessThanOrEqualTo(3);
    });
    assertThat(moesif.stats().sent()).isEqualTo(7);
    assertThat(moesif.stats().batches()).isEqualTo(posts.size());
    assertThat(moesif.stats().uploadNanos()).as("time to acceptance, summed over the batches").isPositive();
    assertThat(moesif.stats().queuedBytes()).as("nothing left queued").isZero();
    assertAccounted(moesif.stats());
  }

  /**
   * One worker, its first upload held by the collector while 300 more calls queue up: the next
   * batches take what is queued, far past BATCH_SIZE, instead of one round trip per 10 events.
   */
  @Test
  void aBackedUpQueueGrowsBatchesPastBatchSize() throws Exception {
    java.util.concurrent.CountDownLatch firstHeld = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
    collector.respondWith(r -> {
      if (isBatch(r) && hold.get() && firstHeld.getCount() > 0) {
        firstHeld.countDown();
        try {
          release.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Reply.ok();
    });
    Moesif moesif = sdk(b -> b.batchSize(10).eventWorkerCount(1).loadShedding(false));
    call(moesif, "/answered");
    collector.awaitEvents(1); // batches grow only while the collector answers
    hold.set(true);
    call(moesif, "/first");
    assertThat(firstHeld.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 300; i++) {
      call(moesif, "/queued/" + i);
    }
    release.countDown();
    assertThat(moesif.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(collector.awaitEvents(302)).hasSize(302);
    List<Integer> sizes = collector.requests("/v1/events/batch").stream().map(p -> p.json().size()).toList();
    assertThat(sizes).as("events per upload").anySatisfy(n -> assertThat(n).isGreaterThan(10));
    assertThat(sizes.size()).as("uploads for 302 events: " + sizes).isLessThan(32);
    assertAccounted(moesif.stats());
  }

  /**
   * Load shedding end to end: the collector holds uploads until released, so the queue ages past
   * MAX_QUEUE_AGE; shed calls are accounted for, errors all arrive with weight 1 (bodies of those
   * shed at their start replaced by a note), and the divisor is back to 1 once the queue drains.
   */
  @Test
  void aBehindQueueShedsSuccessesKeepsEveryErrorAndAccountsForEveryCall() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
    collector.respondWith(r -> {
      if (isBatch(r) && hold.get()) {
        try {
          release.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Reply.ok();
    });
    Moesif moesif = sdk(b -> b.eventWorkerCount(1).maxQueueAge(Duration.ofMillis(50)));
    call(moesif, "/first");
    collector.awaitEvents(1); // answered once: from now on a backlog means shipping is behind
    hold.set(true);
    int[] calls = {1};
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> {
      call(moesif, "/ok");
      calls[0]++;
      return moesif.stats().shedDivisor() > 1;
    });
    int errors = 0;
    for (int i = 0; i < 100; i++) {
      call(moesif, "/ok");
      calls[0]++;
      if (i % 10 == 0) {
        Exchange exchange = moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test/fail"));
        assertThat(exchange).isNotNull();
        byte[] body = "{\"error\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.responseBody().write(body, 0, body.length);
        exchange.end(FakeHttp.response(503).header("Content-Type", "application/json"), null);
        errors++;
      }
    }
    MoesifStats during = moesif.stats();
    assertThat(during.shed()).as(during.toString()).isPositive();
    assertAccounted(during);

    release.countDown();
    assertThat(moesif.flush(Duration.ofSeconds(20))).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> moesif.stats().shedDivisor() == 1);
    List<JsonNode> failures = collector.events().stream()
        .filter(e -> e.at("/request/uri").asText().endsWith("/fail")).toList();
    assertThat(failures).hasSize(errors).allSatisfy(e -> assertThat(e.get("weight").asInt()).isEqualTo(1));
    assertThat(failures).anySatisfy(e -> assertThat(e.at("/response/body/msg").asText())
        .isEqualTo("body of 14 bytes not captured: the SDK was shedding load when the call started"));
    assertThat(collector.events()).anySatisfy(e -> assertThat(e.get("weight").asInt()).isGreaterThan(1));
    MoesifStats after = moesif.stats();
    assertThat(after.captured()).isEqualTo(calls[0] + errors);
    assertThat(after.dropped()).isZero();
    assertAccounted(after);
  }

  @Test
  void batchTimeoutSendsAPartialBatchWithoutFlush() {
    Moesif moesif = sdk(b -> b.batchSize(100).batchTimeout(Duration.ofMillis(100)));
    call(moesif, "/one");
    assertThat(collector.awaitEvents(1, Duration.ofSeconds(3))).hasSize(1);
  }

  @Test
  void transientFailuresAreRetriedWithTheSameTransactionIds() {
    AtomicInteger attempts = new AtomicInteger();
    collector.respondWith(r -> !isBatch(r) ? Reply.ok() : attempts.incrementAndGet() <= 2 ? Reply.status(503) : Reply.ok());
    Moesif moesif = sdk(b -> b.batchSize(2).eventWorkerCount(1).batchTimeout(Duration.ofSeconds(2)));
    call(moesif, "/a");
    call(moesif, "/b");
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    List<CollectorDouble.RecordedRequest> posts = collector.requests("/v1/events/batch");
    assertThat(posts).hasSizeGreaterThanOrEqualTo(3);
    Set<String> first = transactionIds(posts.get(0).json());
    assertThat(first).hasSize(2);
    assertThat(transactionIds(posts.get(posts.size() - 1).json())).isEqualTo(first);
    MoesifStats stats = moesif.stats();
    assertThat(stats.sent()).isEqualTo(2);
    assertThat(stats.retries()).isGreaterThanOrEqualTo(2);
    assertAccounted(stats);
  }

  private static Set<String> transactionIds(JsonNode batch) {
    List<String> ids = new ArrayList<>();
    batch.forEach(e -> ids.add(e.get("transaction_id").asText()));
    return ids.stream().collect(Collectors.toSet());
  }

  @Test
  void retryAfterIsHonoured() {
    AtomicInteger attempts = new AtomicInteger();
    collector.respondWith(r -> isBatch(r) && attempts.incrementAndGet() == 1 ? Reply.status(429).withHeader("Retry-After", "1") : Reply.ok());
    Moesif moesif = sdk(b -> b);
    call(moesif, "/a");
    long start = System.nanoTime();
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    List<CollectorDouble.RecordedRequest> posts = collector.requests("/v1/events/batch");
    assertThat(posts).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void retriesAreBoundedThenTheBatchCountsAsFailed() {
    collector.respondWith(r -> Reply.status(500));
    Moesif moesif = sdk(b -> b.maxRetries(2));
    call(moesif, "/a");
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(collector.requests("/v1/events/batch")).hasSize(3);
    MoesifStats stats = moesif.stats();
    assertThat(stats.failed()).isEqualTo(1);
    assertThat(stats.lastError()).contains("HTTP 500");
    assertAccounted(stats);
  }

  @Test
  void unauthorisedIsPermanentAndNeverRetried() {
    collector.respondWith(r -> Reply.status(401));
    Moesif moesif = sdk(b -> b.maxRetries(5));
    call(moesif, "/a");
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(collector.requests("/v1/events/batch")).hasSize(1);
    assertThat(moesif.stats().failed()).isEqualTo(1);
    assertThat(moesif.stats().lastError()).doesNotContain("app-id-1234567890");
  }

  @Test
  void tooLargeBatchesAreSplitInHalves() {
    collector.respondWith(r -> r.json().size() > 2 ? Reply.status(413) : Reply.ok());
    Moesif moesif = sdk(b -> b.batchSize(8).batchTimeout(Duration.ofSeconds(1)));
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 8; i++) {
      // Incompressible bodies: each refused range is over the split floor (Shipper.MIN_SPLIT_GZIP_BYTES).
      byte[] pad = new byte[12 * 1024];
      random.nextBytes(pad);
      Exchange exchange = moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test/s" + i));
      byte[] body = ("{\"pad\":\"" + java.util.Base64.getEncoder().encodeToString(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.responseBody().write(body, 0, body.length);
      exchange.end(FakeHttp.response(200).header("Content-Type", "application/json"), null);
    }
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(collector.awaitEvents(8)).hasSize(8);
    assertThat(moesif.stats().sent()).isEqualTo(8);
    assertAccounted(moesif.stats());
  }

  @Test
  void fullQueueDropsWithoutBlockingAndAccountsExactly() {
    collector.respondWith(r -> Reply.ok().after(Duration.ofSeconds(20)));
    // Without load shedding, which would otherwise thin the calls before the queue is full.
    Moesif moesif = sdk(b -> b.eventQueueSize(5).eventWorkerCount(1).batchSize(1).loadShedding(false));
    for (int i = 0; i < 50; i++) {
      call(moesif, "/q" + i);
    }
    // The collector holds its first answer for 20 s: calls that waited for room in the queue could
    // not all have returned before it answered.
    assertThat(moesif.stats().sent()).as("batches the collector answered").isZero();
    MoesifStats stats = moesif.stats();
    assertThat(stats.dropped()).isGreaterThanOrEqualTo(44);
    assertAccounted(stats);
  }

  @Test
  void closeDeliversQueuedEventsAndLeavesNoThreadBehind() {
    Moesif moesif = sdk(b -> b.batchTimeout(Duration.ofSeconds(30)));
    for (int i = 0; i < 5; i++) {
      call(moesif, "/c" + i);
    }
    moesif.close(Duration.ofSeconds(5));
    assertThat(collector.events()).hasSize(5);
    await().atMost(Duration.ofSeconds(5)).until(() -> SdkFixture.moesifThreads().isEmpty());
    assertAccounted(moesif.stats());
    assertThat(moesif.stats().pending()).isZero();
  }

  @Test
  void closeHonoursItsDeadlineWhenTheCollectorHangs() {
    collector.respondWith(r -> Reply.ok().after(Duration.ofSeconds(20)));
    Moesif moesif = sdk(b -> b.requestTimeout(Duration.ofSeconds(30)));
    call(moesif, "/hang");
    moesif.close(Duration.ofMillis(500));
    // The collector holds its answer for 20 s: close returned without waiting for it.
    assertThat(moesif.stats().sent()).as("batches the collector answered").isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> SdkFixture.moesifThreads().isEmpty());
    MoesifStats stats = moesif.stats();
    assertThat(stats.sent()).isZero();
    assertAccounted(stats);
  }

  @Test
  void connectionRefusedIsRetriedThenFailedWithoutHurtingTheCaller() throws Exception {
    int deadPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    Moesif moesif =
        sdk(b -> b.baseUri(java.net.URI.create("http://127.0.0.1:" + deadPort)).maxRetries(1));
    call(moesif, "/x");
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(moesif.stats().failed()).isEqualTo(1);
    assertThat(moesif.stats().lastError()).contains("ConnectException");
  }

  /** A call with a JSON request body and a JSON response body of {@code bodyBytes} each. */
  private static void callWithBodies(Moesif moesif, String path, int bodyBytes) {
    Exchange exchange =
        moesif.captureEngine()
            .startIncoming(FakeHttp.request("POST", "http://api.test" + path).header("Content-Type", "application/json"));
    assertThat(exchange).isNotNull();
    byte[] body = paddedBody(path, bodyBytes);
    exchange.requestBody().write(body, 0, body.length);
    exchange.responseBody().write(body, 0, body.length);
    exchange.end(FakeHttp.response(200).header("Content-Type", "application/json"), null);
  }

  private static byte[] paddedBody(String path, int padBytes) {
    return ("{\"path\":\"" + path + "\",\"pad\":\"" + "x".repeat(padBytes) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBackloggedQueueKeepsEventsWithoutTheirBodiesThenKeepsBodiesAgainOnceDrained() {
    // The collector refuses (503, retried) until released: events pile up in the queue. Each
    // carries ~2 x 3 KB of bodies; the queue's byte budget is 256 KiB, so past 8 KiB of backlog
    // arriving events lose their bodies instead of being dropped when the budget runs out.
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    collector.respondWith(r -> isBatch(r) && down.get() ? Reply.status(503) : Reply.ok());
    Moesif moesif = sdk(b -> b.batchSize(1)
        .eventWorkerCount(1)
        .maxQueueBytes(256 * 1024)
        .maxRetries(20)
        .retryMaxDelay(Duration.ofMillis(200)));
    int calls = 20;
    for (int i = 0; i < calls; i++) {
      callWithBodies(moesif, "/backlog/" + i, 3000);
    }
    // Backlogged now: a call that starts keeps no body bytes at all (no copy, no buffer), only
    // their count, and its event says so.
    Exchange late =
        moesif.captureEngine()
            .startIncoming(FakeHttp.request("POST", "http://api.test/backlog/" + calls).header("Content-Type", "application/json"));
    byte[] lateBody = paddedBody("/backlog/" + calls, 3000);
    late.requestBody().write(lateBody, 0, lateBody.length);
    late.responseBody().write(lateBody, 0, lateBody.length);
    assertThat(late.requestBody().omitted()).isTrue();
    assertThat(late.requestBody().length()).isZero();
    assertThat(late.requestBody().buffer()).isEmpty();
    assertThat(late.responseBody().totalBytes()).isEqualTo(lateBody.length);
    late.end(FakeHttp.response(200).header("Content-Type", "application/json"), null);
    String latePath = "/backlog/" + calls;
    calls++;

    MoesifStats during = moesif.stats();
    assertThat(during.dropped()).as(during.toString()).isZero();
    assertThat(during.bodiesOmitted()).as(during.toString()).isBetween(11L, 20L);

    down.set(false);
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    List<JsonNode> events = collector.awaitEvents(calls);
    assertThat(events).hasSize(calls);
    // Each body capture is decided when it starts (a worker may drain the queue between the
    // request's and the response's), and an event still carrying bytes loses them all at the
    // offer: so a body is either whole or the note with its true size, and an event counts as
    // omitted once however many of its bodies went.
    List<JsonNode> omitted = events.stream()
        .filter(e -> e.get("request").get("body").has("msg") || e.get("response").get("body").has("msg"))
        .collect(Collectors.toList());
    assertThat(omitted).hasSize((int) during.bodiesOmitted());
    assertThat(events).allSatisfy(e -> {
      String path = java.net.URI.create(e.get("request").get("uri").asText()).getPath();
      for (String side : List.of("request", "response")) {
        JsonNode body = e.get(side).get("body");
        if (body.has("msg")) {
          assertThat(body.get("msg").asText())
              .isEqualTo("body of " + paddedBody(path, 3000).length
                  + " bytes omitted: the SDK was over a memory budget (the event queue over 1/32 of MAX_QUEUE_BYTES, or body captures in flight over MAX_CAPTURE_BYTES)");
        } else {
          assertThat(body.get("pad").asText()).as("%s body of %s", side, path).hasSize(3000);
        }
        assertThat(e.get(side).get("transfer_encoding").asText()).isEqualTo("json");
      }
      // Only bodies go: status and headers stay.
      assertThat(e.get("response").get("status").asInt()).isEqualTo(200);
      assertThat(e.get("request").get("headers").get("content-type").asText()).isEqualTo("application/json");
    });
    // The first calls, queued before the backlog passed 1/32 of the budget, kept their bodies;
    // the call started while backlogged kept neither.
    assertThat(events.stream().filter(e -> e.get("request").get("body").has("pad")).count()).isPositive();
    JsonNode lateEvent = events.stream()
        .filter(e -> e.get("request").get("uri").asText().endsWith(latePath))
        .findFirst()
        .orElseThrow();
    assertThat(lateEvent.get("request").get("body").has("msg")).isTrue();
    assertThat(lateEvent.get("response").get("body").has("msg")).isTrue();

    // Drained: bodies are kept again.
    collector.reset();
    callWithBodies(moesif, "/after", 3000);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    JsonNode after = collector.awaitEvents(1).get(0);
    assertThat(after.get("request").get("body").get("pad").asText()).hasSize(3000);
    assertThat(moesif.stats().bodiesOmitted()).isEqualTo(during.bodiesOmitted());
    assertAccounted(moesif.stats());
  }

  @Test
  void disabledSdkPassesThroughAndStartsNoThreads() {
    Moesif moesif = sdk(b -> b.enabled(false));
    assertThat(moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://h/"))).isNull();
    assertThat(SdkFixture.moesifThreads()).isEmpty();
  }

  @Test
  void onlyAnEnabledSdkLogsWhereItCaptures() {
    try (LogCapture logs = LogCapture.start()) {
      sdk(b -> b.enabled(false));
      assertThat(logs.lines()).noneMatch(line -> line.contains("Moesif: capturing to"));
      sdk(b -> b);
      assertThat(logs.lines())
          .filteredOn(line -> line.contains("Moesif: capturing to " + collector.baseUri()))
          .hasSize(1);
    }
  }
}
