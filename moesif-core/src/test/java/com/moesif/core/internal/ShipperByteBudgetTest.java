package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.Direction;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.CollectorDouble.Reply;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MAX_QUEUE_BYTES bounds what the SDK holds, queued plus in flight: a worker's grown batch
 * buffers and the body of an upload being retried are reserved in the queue's byte budget, so
 * new events are shed (bodies) and then dropped instead of piling up next to them.
 */
class ShipperByteBudgetTest {
  private static final long MAX_QUEUE_BYTES = 4L * 1024 * 1024;
  private static final int BODY = 100_000;

  private CollectorDouble collector;

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  /** A JSON string of {@value #BODY} bytes, shared by every event (the queue never changes it). */
  private static final byte[] JSON = new byte[BODY];

  static {
    Arrays.fill(JSON, (byte) 'x');
    JSON[0] = '"';
    JSON[BODY - 1] = '"';
  }

  private static PendingEvent event(int i) {
    return event(i, new PendingEvent.RawBody(JSON, BODY, BODY, BODY, "application/json", null));
  }

  /** An event whose request and response carry {@code body}. */
  private static PendingEvent event(int i, PendingEvent.RawBody body) {
    return new PendingEvent(Direction.INCOMING, 1, 2, "http://h/" + i, "POST", new String[0], null, null, body, 200,
        new String[0], body, null, null, null, null, 1, null, "tx-" + i);
  }

  /** A queue and a started shipper as the SDK wires them, posting to the collector double. */
  private record Pipeline(Counters counters, EventQueue queue, Shipper shipper) {
    static Pipeline start(MoesifConfig.Builder builder, CollectorDouble collector) {
      MoesifConfig config = builder
          .applicationId("budget-app-id-0123456789")
          .baseUri(collector.baseUri())
          .eventWorkerCount(1)
          .shutdownHook(false)
          .build();
      Counters counters = new Counters();
      EventQueue queue = new EventQueue(config.eventQueueSize(), config.maxQueueBytes(), counters);
      OnceLogger onceLogger = new OnceLogger();
      Shipper shipper = new Shipper(config, queue, counters, onceLogger, new CollectorClient(config, counters, onceLogger, "test"),
          LoadShedding.off(queue, counters));
      shipper.start();
      return new Pipeline(counters, queue, shipper);
    }
  }

  @Test
  void batchBuffersAndRetriedUploadsCountAgainstTheQueueByteBudget() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    collector.respondWith(r -> r.path().equals("/v1/events/batch") && down.get() ? Reply.status(503) : Reply.ok());
    Pipeline pipeline = Pipeline.start(MoesifConfig.builder()
        .batchSize(100)
        .batchTimeout(Duration.ofSeconds(2))
        .maxQueueBytes(MAX_QUEUE_BYTES)
        .maxRetries(20)
        .retryBaseDelay(Duration.ofMillis(20))
        .retryMaxDelay(Duration.ofMillis(200)), collector);
    Counters counters = pipeline.counters();
    EventQueue queue = pipeline.queue();
    Shipper shipper = pipeline.shipper();
    try {
      // ~200 KB per event: the worker takes a batch of them into its buffers and retries it. One
      // at a time, each taken before the next arrives, so the queue never backlogs and every one
      // keeps its bodies: it is the worker's buffers that hold the bytes.
      int first = 10;
      for (int i = 0; i < first; i++) {
        assertThat(queue.offer(event(i))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.queuedEvents() == 0);
      }
      assertThat(counters.bodiesOmitted.sum()).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.reservedBytes() > 2_000_000);
      long reserved = queue.reservedBytes();
      // While that batch waits out the outage, more traffic arrives: what the queue admits plus
      // what the worker holds stays within the budget (plus at most one event's estimate).
      int admitted = 0;
      for (int i = first; i < 15_000; i++) {
        if (queue.offer(event(i))) {
          admitted++;
        }
        assertThat(queue.queuedBytes() + queue.reservedBytes())
            .as("queued %d + reserved %d", queue.queuedBytes(), queue.reservedBytes())
            .isLessThanOrEqualTo(MAX_QUEUE_BYTES + event(0).estimatedBytes());
      }
      assertThat(counters.bodiesOmitted.sum()).isPositive();
      assertThat(counters.dropped.sum()).isPositive();
      assertThat(admitted).isPositive();
      assertThat(reserved).isLessThan(MAX_QUEUE_BYTES);

      down.set(false);
      assertThat(shipper.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(counters.sent.sum()).isEqualTo(first + admitted);
    } finally {
      shipper.close(Duration.ofSeconds(2));
    }
    // Closed: the workers' buffers are gone, and so is their reservation.
    assertThat(queue.reservedBytes()).isZero();
  }

  @Test
  void aBufferGrownPastASmallBudgetDoesNotShutOutLaterEvents() throws Exception {
    // One event with two 100 KB binary bodies (estimated ~200 KB, within the 450 KB budget and
    // arriving at an empty queue, so it keeps its bodies) is ~267 KB of JSON once base64'd: the worker's buffer grows to
    // 512 KiB and is kept for the next batch. A reservation that outlived its batch would then
    // refuse every later event, and no later batch would ever come to release it.
    long budget = 450_000;
    Pipeline pipeline = Pipeline.start(MoesifConfig.builder().batchSize(1).maxQueueBytes(budget), collector);
    Counters counters = pipeline.counters();
    EventQueue queue = pipeline.queue();
    Shipper shipper = pipeline.shipper();
    try {
      PendingEvent large =
          event(0, new PendingEvent.RawBody(new byte[BODY], BODY, BODY, BODY, "application/octet-stream", null));
      assertThat(large.estimatedBytes()).isLessThan(budget);
      assertThat(queue.backlogged()).isFalse();
      assertThat(queue.offer(large)).isTrue();
      assertThat(shipper.flush(Duration.ofSeconds(10))).isTrue();
      // flush returns once the batch is counted as sent; the worker ends the batch right after.
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.reservedBytes() == 0);
      for (int i = 1; i <= 5; i++) {
        assertThat(queue.offer(event(i))).as("event %d after the large batch", i).isTrue();
        assertThat(shipper.flush(Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.reservedBytes() == 0);
      }
      assertThat(counters.sent.sum()).isEqualTo(6);
      assertThat(counters.dropped.sum()).isZero();
      assertThat(counters.bodiesOmitted.sum()).isZero();
    } finally {
      shipper.close(Duration.ofSeconds(2));
    }
  }
}
