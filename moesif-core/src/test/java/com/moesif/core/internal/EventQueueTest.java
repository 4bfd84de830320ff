package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
    long one = event(10_000).estimatedBytes();
    EventQueue queue = new EventQueue(1000, one * 2 + 10, counters);
    assertThat(queue.offer(event(10_000))).isTrue();
    assertThat(queue.offer(event(10_000))).isTrue();
    assertThat(queue.offer(event(10_000))).isFalse();
    assertThat(queue.queuedBytes()).isEqualTo(one * 2);
    queue.poll(0);
    assertThat(queue.queuedBytes()).isEqualTo(one);
    assertThat(queue.offer(event(10_000))).isTrue();
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
}
