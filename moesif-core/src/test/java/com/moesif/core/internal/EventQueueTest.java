package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  static PendingEvent event(int bodyBytes) {
    PendingEvent.RawBody body =
        bodyBytes == 0 ? null : new PendingEvent.RawBody(new byte[bodyBytes], bodyBytes, bodyBytes, bodyBytes, null, null);
    return new PendingEvent(Direction.INCOMING, 1, 2, "http://h/", "GET", new String[0], null, null, body, 200,
        new String[0], null, null, null, null, null, 1, null, null);
  }

  @Test
  void fullByCountDropsAndCounts() throws Exception {
    Counters counters = new Counters();
    EventQueue queue = new EventQueue(3, 1 << 20, counters);
    for (int i = 0; i < 5; i++) {
      queue.offer(event(0));
    }
    assertThat(queue.queuedEvents()).isEqualTo(3);
    assertThat(counters.dropped.sum()).isEqualTo(2);
    assertThat(queue.poll(0)).isNotNull();
    assertThat(queue.pending()).isEqualTo(3); // one in flight, two queued
    queue.done(1);
    assertThat(queue.pending()).isEqualTo(2);
    assertThat(queue.offer(event(0))).isTrue();
  }

  @Test
  void fullByBytesDropsAndReleasesBudgetOnPoll() throws Exception {
    Counters counters = new Counters();
    long one = event(0).estimatedBytes();
    EventQueue queue = new EventQueue(1000, one * 2 + 10, counters);
    assertThat(queue.offer(event(0))).isTrue();
    assertThat(queue.offer(event(0))).isTrue();
    assertThat(queue.offer(event(0))).isFalse();
    assertThat(counters.dropped.sum()).isEqualTo(1);
    assertThat(queue.queuedBytes()).isEqualTo(one * 2);
    queue.poll(0);
    assertThat(queue.queuedBytes()).isEqualTo(one);
    assertThat(queue.offer(event(0))).isTrue();
  }

  @Test
  void pastHalfTheByteBudgetArrivingEventsLoseTheirBodiesNotTheirPlace() throws Exception {
    Counters counters = new Counters();
    long full = event(10_000).estimatedBytes();
    long bare = event(10_000).withoutBodies().estimatedBytes();
    assertThat(bare).isEqualTo(event(0).estimatedBytes());
    EventQueue queue = new EventQueue(1000, full * 2 + 10, counters);
    assertThat(queue.offer(event(10_000))).isTrue(); // under half: kept whole
    assertThat(queue.offer(event(10_000))).isTrue(); // would pass half: kept without its body
    assertThat(queue.offer(event(0))).isTrue(); // nothing to omit
    assertThat(counters.bodiesOmitted.sum()).isEqualTo(1);
    assertThat(counters.dropped.sum()).isZero();
    assertThat(queue.queuedBytes()).isEqualTo(full + 2 * bare);

    PendingEvent first = queue.poll(0);
    PendingEvent second = queue.poll(0);
    assertThat(first.requestBody().omitted()).isFalse();
    assertThat(first.requestBody().length()).isEqualTo(10_000);
    assertThat(second.requestBody().omitted()).isTrue();
    assertThat(second.requestBody().length()).isZero();
    assertThat(second.requestBody().total()).isEqualTo(10_000);
    assertThat(second.requestBody().overLimit()).isFalse();
    assertThat(second.uri()).isEqualTo(first.uri());

    // Drained below half: bodies are kept again.
    queue.poll(0);
    assertThat(queue.offer(event(10_000))).isTrue();
    assertThat(queue.poll(0).requestBody().omitted()).isFalse();
    assertThat(counters.bodiesOmitted.sum()).isEqualTo(1);
  }

  @Test
  void closedQueueRejects() {
    Counters counters = new Counters();
    EventQueue queue = new EventQueue(10, 1 << 20, counters);
    queue.close();
    assertThat(queue.offer(event(0))).isFalse();
    assertThat(counters.dropped.sum()).isEqualTo(1);
  }

  @Test
  void concurrentOffersNeverExceedTheBoundAndAccountExactly() throws Exception {
    Counters counters = new Counters();
    EventQueue queue = new EventQueue(1000, Long.MAX_VALUE, counters);
    int threads = 8;
    int perThread = 500;
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> list = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          if (queue.offer(event(0))) {
            accepted.incrementAndGet();
          }
        }
      });
      thread.start();
      list.add(thread);
    }
    start.countDown();
    for (Thread thread : list) {
      thread.join();
    }
    assertThat(accepted.get()).isEqualTo(1000);
    assertThat(queue.queuedEvents()).isEqualTo(1000);
    assertThat(counters.dropped.sum()).isEqualTo(threads * perThread - 1000);
  }

  /**
   * The shipper's timed polls must return within their timeout. On JDK 17,
   * LinkedTransferQueue.poll(timeout) spins forever when the waiter ahead of it times out and
   * unlinks itself while no element arrives (JDK-8301341, fixed in JDK 21+ only): the hostile
   * traffic suite caught a worker spinning at 100% CPU for minutes on an idle queue, holding its
   * batch, so flush and delivery stalled. Four threads polling an empty queue with timeouts of a
   * few microseconds got stuck within half a second, every time.
   */
  @Test
  void timedPollsOnAnIdleQueueAlwaysReturn() throws Exception {
    EventQueue queue = new EventQueue(1_000_000, 1L << 30, new Counters());
    int pollers = 4;
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
    AtomicLongArray pollStarted = new AtomicLongArray(pollers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < pollers; i++) {
      int id = i;
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            pollStarted.set(id, System.nanoTime());
            if (queue.poll(ThreadLocalRandom.current().nextLong(1_000, 20_000)) != null) {
              queue.done(1);
            }
            pollStarted.set(id, 0);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "poller-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    long longestPoll = 0;
    while (System.nanoTime() < end + TimeUnit.MILLISECONDS.toNanos(600)) {
      Thread.sleep(20);
      long now = System.nanoTime();
      for (int i = 0; i < pollers; i++) {
        long started = pollStarted.get(i);
        if (started != 0) {
          longestPoll = Math.max(longestPoll, now - started);
        }
      }
    }
    for (int i = 0; i < pollers; i++) {
      queue.offer(event(0)); // an element frees a stuck poller, so a failing run ends its threads
    }
    for (Thread t : threads) {
      t.join(2_000);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(longestPoll)).as("longest poll of at most 20 µs, in ms").isLessThan(300);
  }
}
