package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
  void pastTheBacklogMarkOfTheByteBudgetArrivingEventsLoseTheirBodiesNotTheirPlace() throws Exception {
    Counters counters = new Counters();
    long full = event(10_000).estimatedBytes();
    long bare = event(10_000).withoutBodies().estimatedBytes();
    assertThat(bare).isEqualTo(event(0).estimatedBytes());
    EventQueue queue = new EventQueue(1000, full * EventQueue.BACKLOG_FRACTION + 10, counters);
    assertThat(queue.backlogged()).isFalse();
    assertThat(queue.offer(event(10_000))).isTrue(); // empty queue: kept whole
    assertThat(queue.backlogged()).isFalse(); // the mark: one event's worth of backlog
    assertThat(queue.offer(event(10_000))).isTrue(); // not backlogged yet: kept whole
    assertThat(queue.backlogged()).isTrue();
    assertThat(queue.offer(event(10_000))).isTrue(); // backlogged: kept without its body
    assertThat(queue.offer(event(0))).isTrue(); // nothing to omit
    assertThat(counters.bodiesOmitted.sum()).isEqualTo(1);
    assertThat(counters.dropped.sum()).isZero();
    assertThat(queue.queuedBytes()).isEqualTo(2 * full + 2 * bare);

    PendingEvent first = queue.poll(0);
    queue.poll(0);
    PendingEvent third = queue.poll(0);
    assertThat(first.requestBody().omitted()).isFalse();
    assertThat(first.requestBody().length()).isEqualTo(10_000);
    assertThat(third.requestBody().omitted()).isTrue();
    assertThat(third.requestBody().length()).isZero();
    assertThat(third.requestBody().total()).isEqualTo(10_000);
    assertThat(third.requestBody().overLimit()).isFalse();
    assertThat(third.uri()).isEqualTo(first.uri());

    // Drained: bodies are kept again.
    queue.poll(0);
    assertThat(queue.backlogged()).isFalse();
    assertThat(queue.offer(event(10_000))).isTrue();
    assertThat(queue.poll(0).requestBody().omitted()).isFalse();
    assertThat(counters.bodiesOmitted.sum()).isEqualTo(1);
  }

  @Test
  void theWorkersReservationCountsTowardsTheBacklog() {
    Counters counters = new Counters();
    long full = event(10_000).estimatedBytes();
    EventQueue queue = new EventQueue(1000, full * 2 * EventQueue.BACKLOG_FRACTION, counters);
    assertThat(queue.offer(event(10_000))).isTrue();
    assertThat(queue.backlogged()).isFalse(); // half the mark
    queue.reserve(full * (EventQueue.BACKLOG_FRACTION + 1)); // a worker's buffers leave less: one queued event is past the mark
    assertThat(queue.backlogged()).isTrue();
    queue.reserve(-full * (EventQueue.BACKLOG_FRACTION + 1));
    assertThat(queue.backlogged()).isFalse();
  }

  @Test
  void anEventWhoseBodiesWereOmittedAtCaptureIsCountedOnceWhenItArrives() throws Exception {
    Counters counters = new Counters();
    EventQueue queue = new EventQueue(1000, 1 << 20, counters);
    PendingEvent.RawBody omitted = new PendingEvent.RawBody(new byte[0], 0, 70_000, 0, "application/json", null, true, false);
    PendingEvent event = new PendingEvent(Direction.INCOMING, 1, 2, "http://h/", "POST", new String[0], null, null,
        omitted, 200, new String[0], omitted, null, null, null, null, 1, null, null);
    assertThat(queue.backlogged()).isFalse(); // drained meanwhile: still reported as omitted, once
    assertThat(queue.offer(event)).isTrue();
    assertThat(counters.bodiesOmitted.sum()).isEqualTo(1);
    PendingEvent queued = queue.poll(0);
    assertThat(queued.requestBody().omitted()).isTrue();
    assertThat(queued.estimatedBytes()).isEqualTo(event(0).estimatedBytes());
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
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < pollers; i++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            if (queue.poll(ThreadLocalRandom.current().nextLong(1_000, 20_000)) != null) {
              queue.done(1);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "poller-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    // Once the run is over every poller ends on its own, its last poll having returned; a poll
    // that never returns keeps its thread alive until an element frees it.
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime())));
    }
    List<String> stuck = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    for (int i = 0; i < pollers; i++) {
      queue.offer(event(0)); // an element frees a stuck poller, so a failing run ends its threads
    }
    assertThat(stuck).as("pollers whose timed poll of at most 20 µs never returned").isEmpty();
  }
}
