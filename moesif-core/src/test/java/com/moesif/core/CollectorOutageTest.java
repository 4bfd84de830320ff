package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.CollectorDouble.Reply;
import com.moesif.core.testkit.FakeHttp;
import com.moesif.core.testkit.FaultyCollector;
import com.moesif.core.testkit.SdkFixture;
import com.moesif.core.testkit.UntrustedTlsCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The collector misbehaves in every way we could think of, while the application keeps serving
 * calls through the engine. For each fault the test checks, in four phases:
 *
 * <ol>
 *   <li>baseline: a healthy collector, to count the SDK's threads;
 *   <li>fault: calls keep going and none of them ever blocks or waits on the calling thread (so
 *       none waits for the shipper or the network), the queue never holds more than {@code
 *       MAX_QUEUE_BYTES}, no {@code moesif-*} threads are added;
 *   <li>recovery: what was still queued is delivered, nothing transient counts as failed, the
 *       collector got exactly the events counted as sent, and the accounting identity is exact;
 *   <li>the fault again, with whatever reaches the collector held unanswered, then {@code
 *       close(deadline)}: it returns while the collector still holds its answers and leaves no
 *       thread, with every event accounted for.
 * </ol>
 *
 * Timeouts and retry delays are short so each scenario takes a few seconds.
 */
class CollectorOutageTest {
  private static final String APPLICATION_ID = "outage-app-id-0123456789";
  /** Small, so that an outage fills the queue within the scenario. */
  private static final int MAX_QUEUE_BYTES = 32 * 1024;
  private static final int WORKERS = 2;
  private static final int BATCH_SIZE = 10;
  private static final int BASELINE_CALLS = 60;
  private static final Duration CLOSE_DEADLINE = Duration.ofMillis(500);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final byte[] RESPONSE_BODY =
      ("{\"items\":[" + "{\"id\":1,\"name\":\"widget\"},".repeat(8) + "{}]}").getBytes(StandardCharsets.UTF_8);

  private CollectorDouble collector;
  private FaultyCollector front;
  private Moesif moesif;
  /** Holds the collector's answers in the close phase; opened after close and at the end. */
  private final CountDownLatch held = new CountDownLatch(1);

  /** One way for the collector to fail; {@link #on} starts it, {@link #off} ends it. */
  enum Fault {
    REFUSED(true),
    ACCEPTS_NEVER_ANSWERS(true),
    ANSWERS_AFTER_5S(true),
    HTTP_500(true),
    HTTP_502(true),
    HTTP_503(true),
    HTTP_429_RETRY_AFTER(true),
    HTTP_413(false),
    HTTP_401(false),
    GARBAGE(true),
    CLOSES_MID_RESPONSE(true),
    FLAPPING(true);

    /** Transient faults are retried until the collector is back: nothing may count as failed. */
    final boolean transientFault;

    Fault(boolean transientFault) {
      this.transientFault = transientFault;
    }

    void on(FaultyCollector front, CollectorDouble collector) {
      on(front, collector, new CountDownLatch(0));
    }

    /** As {@link #on(FaultyCollector, CollectorDouble)}; the collector answers only once {@code gate} opens. */
    void on(FaultyCollector front, CollectorDouble collector, CountDownLatch gate) {
      collector.respondWith(CollectorDouble.heldBy(gate, r -> r.method().equals("GET") && r.path().endsWith("/v1/rules")
          ? new Reply(200, Map.of(), "[]", Duration.ZERO)
          : Reply.ok()));
      switch (this) {
        case REFUSED -> front.fault(FaultyCollector.Fault.REFUSE);
        case ACCEPTS_NEVER_ANSWERS -> front.fault(FaultyCollector.Fault.HANG);
        case ANSWERS_AFTER_5S -> collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.ok().after(Duration.ofSeconds(5))));
        case HTTP_500 -> collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.status(500)));
        case HTTP_502 -> collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.status(502)));
        case HTTP_503 -> collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.status(503)));
        case HTTP_429_RETRY_AFTER ->
            collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.status(429).withHeader("Retry-After", "1")));
        case HTTP_413 -> collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.status(413)));
        case HTTP_401 -> collector.respondWith(CollectorDouble.heldBy(gate, r -> Reply.status(401)));
        case GARBAGE -> front.fault(FaultyCollector.Fault.GARBAGE);
        case CLOSES_MID_RESPONSE -> front.fault(FaultyCollector.Fault.CLOSE_MID_RESPONSE);
        case FLAPPING -> front.flap(Duration.ofMillis(250), Duration.ofMillis(250));
      }
    }

    void off(FaultyCollector front, CollectorDouble collector) {
      front.stopFlapping();
      front.fault(FaultyCollector.Fault.NONE);
      collector.respondWith(r -> r.method().equals("GET") && r.path().endsWith("/v1/rules")
          ? new Reply(200, Map.of(), "[]", Duration.ZERO)
          : Reply.ok());
    }

    /** Per-fault configuration on top of the short timeouts. */
    MoesifConfig.Builder configure(MoesifConfig.Builder b) {
      return switch (this) {
        // A slow collector within the request timeout: uploads wait, the queue fills meanwhile.
        case ANSWERS_AFTER_5S -> b.requestTimeout(Duration.ofSeconds(10));
        // Retry-After is honoured up to RETRY_MAX_DELAY: leave room for the server's 1 s.
        case HTTP_429_RETRY_AFTER -> b.retryMaxDelay(Duration.ofSeconds(2));
        default -> b;
      };
    }
  }

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
    front = FaultyCollector.start(collector);
  }

  @AfterEach
  void stop() {
    held.countDown();
    if (moesif != null) {
      moesif.close(Duration.ofSeconds(2));
    }
    front.close();
    collector.close();
  }

  private Moesif sdk(URI baseUri, UnaryOperator<MoesifConfig.Builder> custom) {
    MoesifConfig.Builder builder =
        MoesifConfig.builder()
            .applicationId(APPLICATION_ID)
            .baseUri(baseUri)
            .batchSize(BATCH_SIZE)
            .batchTimeout(Duration.ofMillis(20))
            .eventWorkerCount(WORKERS)
            .maxQueueBytes(MAX_QUEUE_BYTES)
            .connectTimeout(Duration.ofMillis(250))
            .requestTimeout(Duration.ofSeconds(1))
            // 20 retries at 10..200 ms take well over a second even at the shortest jitter, so a
            // fault of under a second never exhausts them; recovery is seen within 200 ms.
            .maxRetries(20)
            .retryBaseDelay(Duration.ofMillis(20))
            .retryMaxDelay(Duration.ofMillis(200))
            .shutdownHook(false);
    moesif = Moesif.create(custom.apply(builder).build());
    return moesif;
  }

  /**
   * One served call through the engine, as an adapter drives it; returns how many times the
   * calling thread blocked on a monitor or waited (parked, slept) during it. Waiting for the
   * shipper, for room in the queue or for the network would count; work alone does not, so the
   * check does not depend on the machine's speed.
   */
  private long call(String path) {
    return call(path, "{\"path\":\"" + path + "\"}");
  }

  private long call(String path, String requestJson) {
    long waitsBefore = waits();
    Exchange exchange =
        moesif.captureEngine()
            .startIncoming(
                FakeHttp.request("POST", "http://api.test" + path)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "outage-test"));
    assertThat(exchange).isNotNull();
    byte[] request = requestJson.getBytes(StandardCharsets.UTF_8);
    exchange.requestBody().write(request, 0, request.length);
    exchange.responseBody().write(RESPONSE_BODY, 0, RESPONSE_BODY.length);
    exchange.end(FakeHttp.response(200).header("Content-Type", "application/json"), null);
    return waits() - waitsBefore;
  }

  private static long waits() {
    ThreadInfo self = THREADS.getThreadInfo(Thread.currentThread().getId());
    return self.getBlockedCount() + self.getWaitedCount();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void theAppIsUnaffectedMemoryStaysBoundedAndEverythingKeptIsDelivered(Fault fault) throws Exception {
    sdk(front.baseUri(), fault::configure);

    // 1. Baseline: calls against a healthy collector. Flushed every batch, as the small queue
    // holds only a few dozen events.
    for (int i = 0; i < 2 * BASELINE_CALLS; i++) {
      call((i < BASELINE_CALLS ? "/warmup/" : "/baseline/") + i);
      if (i % BATCH_SIZE == BATCH_SIZE - 1) {
        assertThat(moesif.flush(Duration.ofSeconds(10))).as("baseline flush").isTrue();
      }
    }
    // The queue is small (1/8 of it is a batch or two), so on a slow machine the queue's trigger
    // may shed a few successes here, by weight; nothing is lost.
    MoesifStats baseline = moesif.stats();
    assertThat(baseline.sent() + baseline.shed()).as("sent or shed by weight").isEqualTo(2 * BASELINE_CALLS);
    assertThat(collector.events()).as("every event sent reached the collector").hasSize((int) baseline.sent());
    int baselineThreads = SdkFixture.moesifThreads().size();

    // 2. The fault: calls go on, paced so the shipper meets the fault while they do.
    fault.on(front, collector);
    long waitingCalls = 0;
    int maxThreads = 0;
    MoesifStats beforeFault = moesif.stats();
    int faultCalls = 150;
    for (int i = 0; i < faultCalls; i++) {
      if (call("/fault/" + i) > 0) {
        waitingCalls++;
      }
      // Checked on the calling thread, between offers: the queue's own accounting, not heap noise.
      assertThat(MoesifInternals.queue(moesif).queuedBytes()).as("queued bytes").isLessThanOrEqualTo(MAX_QUEUE_BYTES);
      if (i % 20 == 0) {
        maxThreads = Math.max(maxThreads, SdkFixture.moesifThreads().size());
      }
      Thread.sleep(4);
    }
    // Read while the shipper works: exact only at rest (see statsNeverCountAnEventTwice...).
    MoesifStats duringFault = moesif.stats();
    // The fault really bit: nothing drained (the queue was thinned by load shedding, or
    // overflowed) or batches failed outright.
    if (fault == Fault.FLAPPING) {
      assertThat(duringFault.retries()).as("retries while flapping").isGreaterThan(beforeFault.retries());
    } else if (fault.transientFault) {
      assertThat(duringFault.shed() + duringFault.dropped()).as("shed or dropped while the collector is down")
          .isPositive();
    } else {
      assertThat(duringFault.failed()).as("failed on a permanent error").isPositive();
    }
    // Not delayed: no call waited for anything, so none waited for the shipper, for room in
    // the queue or for the collector.
    assertThat(waitingCalls).as("calls during the fault that blocked or waited").isZero();
    assertThat(maxThreads).as("moesif- threads during the fault (baseline %d)", baselineThreads)
        .isLessThanOrEqualTo(baselineThreads + 2);

    // 3. Recovery: what is still queued gets delivered, and new calls are captured again.
    fault.off(front, collector);
    assertThat(moesif.flush(Duration.ofSeconds(15))).as("flush after recovery").isTrue();
    // Load shedding thinned the backlog during the fault; once it has drained it keeps every call.
    await("load shedding stops after recovery").atMost(Duration.ofSeconds(10))
        .until(() -> moesif.stats().shedDivisor() == 1);
    for (int i = 0; i < 20; i++) {
      call("/after/" + i);
      if (i % BATCH_SIZE == BATCH_SIZE - 1) {
        assertThat(moesif.flush(Duration.ofSeconds(10))).as("flush after recovery").isTrue();
      }
    }
    MoesifStats recovered = moesif.stats();
    assertAccounted(recovered);
    assertThat(recovered.pending()).isZero();
    if (fault.transientFault) {
      assertThat(recovered.failed()).as("failed after a transient fault").isZero();
      assertThat(recovered.sent()).isEqualTo(recovered.captured() - recovered.dropped() - recovered.shed());
    }
    // Exactly the events counted as sent arrived (a retried batch repeats its transaction ids).
    Set<String> delivered = transactionIds(collector.events());
    assertThat(delivered).hasSize((int) recovered.sent());
    assertThat(collector.events().stream().map(e -> e.at("/request/uri").asText()).filter(u -> u.contains("/after/")).distinct())
        .as("events captured after recovery").hasSize(20);

    // 4. Close during the fault, the collector holding whatever reaches it: close returns
    // without waiting for those answers, leaves no thread, and accounts for everything.
    fault.on(front, collector, held);
    for (int i = 0; i < 20; i++) {
      call("/closing/" + i);
    }
    long sentBeforeClose = moesif.stats().sent();
    moesif.close(CLOSE_DEADLINE);
    assertThat(held.getCount()).as("the collector still holds its answers").isOne();
    assertThat(moesif.stats().sent()).as("batches the held collector answered").isEqualTo(sentBeforeClose);
    held.countDown();
    await("no moesif- thread after close").atMost(Duration.ofSeconds(5)).until(() -> SdkFixture.moesifThreads().isEmpty());
    MoesifStats closed = moesif.stats();
    assertAccounted(closed);
    assertThat(closed.pending()).isZero();
    assertThat(closed.captured()).isEqualTo(2 * BASELINE_CALLS + faultCalls + 20 + 20);
  }

  @Test
  void untrustedCertificateFailsClosed() throws Exception {
    try (UntrustedTlsCollector tls = UntrustedTlsCollector.start()) {
      // Retrying a certificate error cannot help; one retry keeps the scenario short.
      sdk(tls.baseUri(), b -> b.maxRetries(1));
      long waitingCalls = 0;
      for (int i = 0; i < 30; i++) {
        waitingCalls += call("/tls/" + i) > 0 ? 1 : 0;
        if (i % BATCH_SIZE == BATCH_SIZE - 1) {
          assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue(); // the small queue: no drops
        }
      }
      assertThat(waitingCalls).as("calls that blocked or waited").isZero();

      MoesifStats stats = moesif.stats();
      assertAccounted(stats);
      assertThat(stats.sent()).isZero();
      assertThat(stats.failed()).isEqualTo(30);
      assertThat(stats.lastError()).contains("SSLHandshakeException");
      // Nothing, not even the application id header, got past the handshake.
      assertThat(tls.requestsHandled()).isZero();

      moesif.close(CLOSE_DEADLINE);
      await("no moesif- thread after close").atMost(Duration.ofSeconds(5)).until(() -> SdkFixture.moesifThreads().isEmpty());

      // The server itself works for a client that trusts its certificate: the zero above is
      // the SDK refusing, not a broken server.
      HttpClient trusting = HttpClient.newBuilder().sslContext(tls.trustingContext()).build();
      HttpResponse<Void> answer =
          trusting.send(HttpRequest.newBuilder(tls.baseUri().resolve("/v1/events/batch"))
              .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(tls.requestsHandled()).isEqualTo(1);
    }
  }

  /**
   * With the default retry settings, a worker keeps the batch it holds through a short outage
   * instead of failing it while the queue still has room. (With the former default of 3 retries
   * the batch failed after about a second of refused connections; the soak lost 22% of its events
   * to 3 s flaps that way.)
   */
  @Test
  void defaultRetriesKeepTheHeldBatchThroughAShortOutage() throws Exception {
    MoesifConfig defaults = MoesifConfig.builder().applicationId(APPLICATION_ID).build();
    sdk(front.baseUri(), b -> b
        .maxRetries(defaults.maxRetries())
        .retryBaseDelay(defaults.retryBaseDelay())
        .retryMaxDelay(defaults.retryMaxDelay())
        .connectTimeout(defaults.connectTimeout()));
    front.fault(FaultyCollector.Fault.REFUSE);
    for (int i = 0; i < 5; i++) {
      call("/short-outage/" + i);
    }
    Thread.sleep(1500);
    front.fault(FaultyCollector.Fault.NONE);
    assertThat(moesif.flush(Duration.ofSeconds(15))).isTrue();
    MoesifStats stats = moesif.stats();
    assertThat(stats.failed()).as("failed after a 1.5 s outage, in %s", stats).isZero();
    assertThat(stats.sent()).isEqualTo(5);
    assertThat(transactionIds(collector.events())).hasSize(5);
  }

  /**
   * A 413 makes the shipper split a batch and POST the halves, many round trips for one batch.
   * Each event must leave "pending" as it is counted as failed, not when the whole split is done,
   * or {@code stats()} counts it twice meanwhile. (At most one event may be seen in transit: the
   * two counters are separate words, so a read can straddle the two writes.)
   */
  @Test
  void statsNeverCountAnEventTwiceWhileABatchIsSplit() throws Exception {
    List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    collector.respondWith(r -> {
      if (!r.path().equals("/v1/events/batch")) {
        return Reply.ok();
      }
      arrivals.add(System.nanoTime());
      return Reply.status(413).after(Duration.ofMillis(40));
    });
    sdk(collector.baseUri(), b -> b.batchSize(8).batchTimeout(Duration.ofSeconds(1)).eventWorkerCount(1)
        .maxQueueBytes(16 * 1024 * 1024).retryBaseDelay(Duration.ofMillis(200)).retryMaxDelay(Duration.ofSeconds(1)));
    java.util.Random random = new java.util.Random(8);
    for (int i = 0; i < 8; i++) {
      // Incompressible, so every range of two or more events is over the split floor.
      byte[] pad = new byte[12 * 1024];
      random.nextBytes(pad);
      call("/split/" + i, "{\"pad\":\"" + java.util.Base64.getEncoder().encodeToString(pad) + "\"}");
    }
    long worstOverCount = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    MoesifStats s;
    do {
      s = moesif.stats();
      long accounted = s.sent() + s.sampledOut() + s.shed() + s.filtered() + s.dropped() + s.failed() + s.pending();
      worstOverCount = Math.max(worstOverCount, accounted - s.captured());
      Thread.sleep(2);
    } while ((s.pending() > 0 || s.failed() < 8) && System.nanoTime() < deadline);
    // 15 POSTs of 8, 4, 2 and 1 events, each refused: all 8 fail, one at a time.
    assertThat(collector.requests("/v1/events/batch")).hasSize(15);
    assertThat(s.failed()).isEqualTo(8);
    assertThat(worstOverCount).as("events counted both as pending and as failed").isLessThanOrEqualTo(1);
    // Each of the 7 splits waits a backoff first, as a retry does: at least half the base delay
    // (100 ms) on top of the 40 ms answer.
    long backedOff = 0;
    for (int i = 1; i < arrivals.size(); i++) {
      if (arrivals.get(i) - arrivals.get(i - 1) >= Duration.ofMillis(100 + 40).toNanos()) {
        backedOff++;
      }
    }
    assertThat(backedOff).as("gaps between split uploads that include a backoff").isGreaterThanOrEqualTo(7);
  }

  /**
   * A collector that sends its head and then trickles the body, or chunks it forever: each
   * exchange is bounded whole, so the workers fail the batches (no retries here) instead of
   * waiting for the body's end, and the config thread's fetches end too; the cause is logged once.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FaultyCollector.Fault.class, names = {"TRICKLE_BODY", "ENDLESS_CHUNKED"})
  void anAnswerWhoseBodyNeverEndsParksNoThread(FaultyCollector.Fault fault) throws Exception {
    try (com.moesif.core.testkit.LogCapture log = com.moesif.core.testkit.LogCapture.start()) {
      sdk(front.baseUri(), b -> b.maxRetries(0).configRefreshInterval(Duration.ofMillis(200)));
      front.fault(fault);
      for (int i = 0; i < 5; i++) {
        call("/trickle/" + i);
      }
      await("the batches failed, not parked").atMost(Duration.ofSeconds(60)).until(() -> moesif.stats().failed() == 5);
      // The config thread's fetches end as well: each one that ends records why.
      await("a config or rules fetch ended").atMost(Duration.ofSeconds(60))
          .until(() -> String.valueOf(moesif.stats().lastError()).matches("GET /v1/(config|rules) failed: .*did not complete.*"));
      assertAccounted(moesif.stats());
      assertThat(log.lines().stream().filter(l -> l.contains("did not complete its answer"))).hasSize(1);
      // One line for the cause (the batches after the first are counted until a minute has passed).
      assertThat(log.lines().stream().filter(l -> l.contains("events lost: the collector did not accept /v1/events/batch")))
          .singleElement().asString().contains("WARN").contains("did not complete");
    }
  }

  /** A 500 until retries run out: the loss is said at WARN, once for the cause, with the count. */
  @Test
  void eventsLostToRetriesRunningOutAreLoggedOnceWithTheCount() throws Exception {
    try (com.moesif.core.testkit.LogCapture log = com.moesif.core.testkit.LogCapture.start()) {
      collector.respondWith(r -> r.path().equals("/v1/events/batch") ? Reply.status(500) : Reply.ok());
      // Batches of exactly the 4 events of a round: one loss of 4 per round.
      sdk(collector.baseUri(), b -> b.maxRetries(1).eventWorkerCount(1).batchSize(4).batchTimeout(Duration.ofSeconds(5)));
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++) {
          call("/lost/" + round + "/" + i);
        }
        moesif.flush(Duration.ofSeconds(10));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> moesif.stats().failed() == 12);
      List<String> lines = log.lines().stream().filter(l -> l.contains("lost: the collector did not accept")).toList();
      assertThat(lines).singleElement().asString()
          .contains("WARN").contains("4 events lost").contains("HTTP 500").contains("4 lost to this cause so far");
    }
  }

  /**
   * A 413 for a batch too small to be the problem: not split (no request per event), failed once,
   * and said at WARN with the count.
   */
  @Test
  void a413ForASmallBatchIsNotSplitAndTheLossIsLogged() throws Exception {
    try (com.moesif.core.testkit.LogCapture log = com.moesif.core.testkit.LogCapture.start()) {
      collector.respondWith(r -> r.path().equals("/v1/events/batch") ? Reply.status(413) : Reply.ok());
      sdk(collector.baseUri(), b -> b.batchSize(8).batchTimeout(Duration.ofSeconds(1)).eventWorkerCount(1));
      for (int i = 0; i < 8; i++) {
        call("/small-413/" + i);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> moesif.stats().failed() == 8);
      assertThat(collector.requests("/v1/events/batch")).hasSize(1);
      assertThat(log.lines().stream().filter(l -> l.contains("8 events lost: the collector refused a batch as too large")))
          .hasSize(1);
    }
  }

  private static Set<String> transactionIds(List<JsonNode> events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.get("transaction_id").asText()));
    return ids;
  }

  private static void assertAccounted(MoesifStats s) {
    com.moesif.core.testkit.AbstractHostileTrafficSuite.assertEveryEventAccountedFor(s);
  }
}
