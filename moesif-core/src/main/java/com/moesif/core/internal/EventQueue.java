package com.moesif.core.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-off between request threads and shipper threads: lock-free offers (a
 * ConcurrentLinkedQueue, a semaphore counting its elements for the shipper's timed waits, and two
 * atomic budgets, events and estimated bytes), so a request thread never waits. A full queue drops
 * the event and counts it; drops are logged at most once a minute.
 *
 * <p>The byte budget covers the shippers too: each worker {@linkplain #reserve reserves} what its
 * batch buffers hold (serialised JSON, gzip output, the body of an upload being retried), so what
 * the SDK keeps on the heap, queued plus in flight, stays near {@code MAX_QUEUE_BYTES} even when
 * 8 MB batches of large bodies wait out a collector outage.
 *
 * <p>Backlog: once the queue holds more than 1/32 of the budget the workers leave it, it is
 * {@linkplain #backlogged() backlogged}: body captures started then keep no bytes, and an arriving
 * event that still carries body bytes is kept without them (each body becomes a short note,
 * counted in {@code bodiesOmitted}). Bodies are what fill the budget and what the shipper spends
 * its time on (serialising and compressing a large body costs many body-less events), so when
 * large-body traffic outruns the shipper the queue keeps every call's status, timing and identity
 * instead of dropping most calls whole; bodies come back as soon as the queue drains.
 *
 * <p>Why so low a mark: under sustained overload the queue sits at it, and all of it is live data
 * that the application's young collections copy again and again; a backlog larger than the
 * survivor spaces of a modest heap is promoted and ends in full collections that pause the
 * application. The mark sets how much waits, not how many bodies get sent (that is the shipper's
 * speed), and 2 MiB still holds a burst of sixteen 64 KiB-body calls. The measurements behind it
 * are in docs/benchmarks.md.
 *
 * <p>How long events wait is bounded too, by {@link LoadShedding}: it watches the age of the
 * oldest queued event and how full the queue is, and sheds calls at their start while shipping
 * is behind, so in steady overload the queue stays near {@code MAX_QUEUE_AGE} of events instead
 * of filling to its caps.
 *
 * <p>Not a LinkedTransferQueue: on JDK 17 its {@code poll(timeout)} can spin forever at 100% CPU
 * when the waiter ahead of it times out while no element arrives (JDK-8301341, fixed in JDK 21):
 * a shipper would spin on an idle queue with its batch undelivered.
 */
public final class EventQueue {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Backlogged past 1/32 of what the workers leave of the byte budget (see the class comment). */
  static final int BACKLOG_FRACTION = 32;

  /** Events only: each one's byte estimate is recomputed when it leaves (no wrapper per offer). */
  private final ConcurrentLinkedQueue<PendingEvent> queue = new ConcurrentLinkedQueue<>();
  /** One permit per element, released after the element is in {@link #queue}. */
  private final Semaphore available = new Semaphore(0);
  private final int maxEvents;
  private final long maxBytes;
  /** Bytes the workers' batch buffers hold: part of the budget, not of the queue. */
  private final AtomicLong reserved = new AtomicLong();
  private final Counters counters;
  private final AtomicInteger events = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  /** Events taken by a worker whose upload has not finished: part of "pending" for flush. */
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
  private final AtomicLong lastOmitLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
  private volatile boolean closed;

  /** The budget of body captures still in flight, before their events reach this queue. */
  private final CaptureBudget captureBudget = new CaptureBudget();

  public EventQueue(int maxEvents, long maxBytes, Counters counters) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.counters = counters;
  }

  /** Where body captures reserve their buffers while their call is in flight ({@code MAX_CAPTURE_BYTES}). */
  public CaptureBudget captureBudget() {
    return captureBudget;
  }

  /** Non-blocking; false (and counted as dropped) when full or closed. */
  public boolean offer(PendingEvent event) {
    if (closed) {
      drop("the SDK is closed");
      return false;
    }
    if (event.hasBodyBytes() && backlogged()) {
      event = event.withoutBodies();
      countOmitted();
    } else if (event.hasOmittedBody()) {
      countOmitted(); // its captures started while the queue was backlogged
    }
    long size = event.estimatedBytes();
    if (events.incrementAndGet() > maxEvents) {
      events.decrementAndGet();
      drop("EVENT_QUEUE_SIZE (" + maxEvents + " events) is reached");
      return false;
    }
    if (bytes.addAndGet(size) + reserved.get() > maxBytes) {
      bytes.addAndGet(-size);
      events.decrementAndGet();
      drop("MAX_QUEUE_BYTES (" + maxBytes + " bytes) is reached");
      return false;
    }
    queue.offer(event);
    available.release();
    return true;
  }

  /**
   * True while the queue holds more than 1/32 of the byte budget the workers' buffers leave:
   * bodies are then counted, not kept. Two counter reads; no allocation.
   */
  public boolean backlogged() {
    return BACKLOG_FRACTION * bytes.get() + reserved.get() > maxBytes;
  }

  /** How long the oldest queued event has waited (since its call ended); 0 when none is queued. */
  public long oldestAgeMillis(long nowMillis) {
    PendingEvent head = queue.peek();
    return head == null ? 0 : Math.max(0, nowMillis - head.responseTimeMillis());
  }

  /**
   * Halves the queued successes (status below 400) by merging them in pairs of neighbours: one of
   * each pair stays, chosen with probability proportional to its weight, and carries the pair's
   * summed weight, so the weighted count of every route and status class stays an unbiased
   * estimate. Errors stay as they are. The merged-away events are counted as shed. Used during a
   * collector outage, so the backlog thins evenly over the whole outage instead of the byte cap
   * keeping its start and dropping its end.
   *
   * @return how many events were merged away
   */
  public int thin() {
    java.util.List<PendingEvent> taken = new java.util.ArrayList<>();
    PendingEvent event;
    while (available.tryAcquire()) {
      event = queue.poll();
      if (event == null) {
        break;
      }
      // in flight while out of the queue, so pending() (and flush) never sees them missing
      inFlight.incrementAndGet();
      events.decrementAndGet();
      bytes.addAndGet(-event.estimatedBytes());
      taken.add(event);
    }
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    PendingEvent unpaired = null;
    int merged = 0;
    for (PendingEvent e : taken) {
      if (e.status() >= 400) {
        putBack(e);
      } else if (unpaired == null) {
        unpaired = e;
      } else {
        int sum = unpaired.weight() + e.weight();
        putBack((random.nextInt(sum) < unpaired.weight() ? unpaired : e).withWeight(sum));
        unpaired = null;
        merged++;
      }
    }
    if (unpaired != null) {
      putBack(unpaired);
    }
    inFlight.addAndGet(-merged); // the survivors were released one by one in putBack
    counters.shed.add(merged);
    return merged;
  }

  /** Returns a taken event to the queue, past the caps (it was there already). */
  private void putBack(PendingEvent event) {
    events.incrementAndGet();
    bytes.addAndGet(event.estimatedBytes());
    queue.offer(event);
    available.release();
    inFlight.decrementAndGet();
  }

  private void countOmitted() {
    counters.bodiesOmitted.increment();
    if (logDue(lastOmitLog)) {
      LOG.warn(
          "Moesif: the event queue holds more than 1/32 of MAX_QUEUE_BYTES ({} bytes); events are kept without "
              + "their bodies until it drains (the collector may be slow or unreachable, or large bodies arrive "
              + "faster than they can be sent; {} so far)",
          maxBytes,
          counters.bodiesOmitted.sum());
    }
  }

  private void drop(String why) {
    counters.dropped.increment();
    if (logDue(lastDropLog)) {
      LOG.warn(
          "Moesif: dropping events because {}; the collector may be slow or unreachable ({} dropped so far)",
          why,
          counters.dropped.sum());
    }
  }

  /** True for one caller at most once a minute per {@code lastLog}: the warnings' rate limit. */
  private static boolean logDue(AtomicLong lastLog) {
    long now = System.nanoTime();
    long last = lastLog.get();
    return now - last >= DROP_LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now);
  }

  /** Takes one event for upload, waiting up to {@code timeoutNanos}; it counts as in flight until {@link #done}. */
  public @Nullable PendingEvent poll(long timeoutNanos) throws InterruptedException {
    boolean permit = timeoutNanos <= 0 ? available.tryAcquire() : available.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
    if (!permit) {
      return null;
    }
    // Each permit was released after its element was added, so one is there (unless
    // discardRemaining took it at close, which leaves permits without elements: then null).
    PendingEvent event = queue.poll();
    if (event == null) {
      return null;
    }
    inFlight.incrementAndGet(); // before releasing the budget, so pending() never reads 0 in between
    events.decrementAndGet();
    bytes.addAndGet(-event.estimatedBytes());
    return event;
  }

  /**
   * A worker's batch buffers grew ({@code delta > 0}) or shrank: they count against the byte
   * budget like queued events. Never refused (the worker already holds the bytes): new events are.
   */
  public void reserve(long delta) {
    reserved.addAndGet(delta);
  }

  /** Bytes reserved by the workers' batch buffers. */
  public long reservedBytes() {
    return reserved.get();
  }

  /** Marks {@code n} in-flight events as finished (sent, failed or discarded). */
  public void done(int n) {
    inFlight.addAndGet(-n);
  }

  /** Events queued or in flight. */
  public int pending() {
    return events.get() + inFlight.get();
  }

  public int queuedEvents() {
    return events.get();
  }

  public long queuedBytes() {
    return bytes.get();
  }

  public void close() {
    closed = true;
  }

  /** Discards whatever is still queued at the end of close; returns how many. */
  public int discardRemaining() {
    int n = 0;
    PendingEvent event;
    while ((event = queue.poll()) != null) {
      events.decrementAndGet();
      bytes.addAndGet(-event.estimatedBytes());
      n++;
    }
    return n;
  }
}
