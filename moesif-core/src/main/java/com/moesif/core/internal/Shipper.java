package com.moesif.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventModel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipper threads ({@code EVENT_WORKER_COUNT} of them, daemon, named {@code moesif-worker-N},
 * each with at most one upload in flight). Each takes events from the queue into a batch until
 * {@code BATCH_SIZE} events, {@code MAX_BATCH_BYTES} of JSON, or {@code EVENT_BATCH_TIMEOUT} after
 * the batch's first event; then assembles (decode, mask), serialises, gzips and POSTs it, retrying
 * transient failures with exponential backoff and jitter (honouring {@code Retry-After}). The same
 * serialised bytes, and so the same {@code transaction_id}s, are sent on every retry.
 *
 * <p>While the queue backs up (more is queued than every worker's next batch would take) and the
 * collector answers, a batch grows past {@code BATCH_SIZE}, up to {@value #MAX_EVENTS_PER_BATCH} events or {@code MAX_BATCH_BYTES}: on a busy core
 * each round trip costs several wake-ups of threads that wait behind the app's, so shipping is
 * bound by round trips unless each one carries more. A quiet app's batches stay small and leave
 * within {@code EVENT_BATCH_TIMEOUT}.
 */
public final class Shipper {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** Between looks at the queue while a batch fills and events keep coming. */
  private static final long BUSY_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** Between looks while a batch fills and the last look found nothing. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** Most events in a batch grown past {@code BATCH_SIZE} by a backed-up queue (BATCH_SIZE's own cap). */
  static final int MAX_EVENTS_PER_BATCH = 10_000;

  private final MoesifConfig config;
  private final EventQueue queue;
  private final Counters counters;
  private final OnceLogger onceLogger;
  private final EventAssembler assembler;
  private final CollectorClient collector;
  private final LoadShedding shedding;
  private final List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger flushRequests = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Events workers were holding (batching or uploading) when close interrupted them. */
  private final java.util.concurrent.atomic.LongAdder undeliveredAtClose = new java.util.concurrent.atomic.LongAdder();
  private volatile boolean running = true;
  private volatile boolean draining;
  private volatile long drainDeadlineNanos = Long.MAX_VALUE;

  /** @param shedding looked at after every batch and idle poll, so it steps back when the app is quiet */
  public Shipper(
      MoesifConfig config,
      EventQueue queue,
      Counters counters,
      OnceLogger onceLogger,
      CollectorClient collector,
      LoadShedding shedding) {
    this.config = config;
    this.shedding = shedding;
    this.queue = queue;
    this.counters = counters;
    this.onceLogger = onceLogger;
    this.assembler = new EventAssembler(config, counters, onceLogger);
    this.collector = collector;
  }

  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    for (int i = 1; i <= config.eventWorkerCount(); i++) {
      startThread(this::runWorker, "moesif-worker-" + i);
    }
  }

  /** The shipper threads (for the CPU-share meter). */
  public List<Thread> threads() {
    return List.copyOf(workers);
  }

  /** A daemon shipper thread, joined at close with the others. */
  private void startThread(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    workers.add(thread);
    thread.start();
  }

  /** Asks workers to send what they hold now and waits until nothing is pending or the timeout. */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    flushRequests.incrementAndGet();
    try {
      return awaitEmpty(deadline);
    } finally {
      flushRequests.decrementAndGet();
    }
  }

  private boolean awaitEmpty(long deadline) {
    while (queue.pending() > 0) {
      if (!started.get() || System.nanoTime() - deadline >= 0) {
        return queue.pending() == 0;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Stops intake, delivers within {@code timeout}, then stops every thread. Idempotent. */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    queue.close();
    drainDeadlineNanos = deadline;
    draining = true;
    awaitEmpty(deadline);
    running = false;
    for (Thread worker : workers) {
      worker.interrupt();
    }
    for (Thread worker : workers) {
      try {
        worker.join(Math.max(200, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int left = queue.discardRemaining();
    counters.dropped.add(left);
    // Queued events and those a worker was still holding: both were lost to the deadline.
    long undelivered = left + undeliveredAtClose.sum();
    if (undelivered > 0) {
      LOG.warn("Moesif: closed with {} events undelivered (deadline {} reached)", undelivered, timeout);
    }
  }

  /**
   * True while more is queued than the workers' next batches of {@code BATCH_SIZE} would take (one
   * round per worker would still leave a backlog, so the batch in hand grows instead) and the
   * collector answers: during an outage a grown batch would only put more events at risk of
   * failing once its retries run out.
   */
  private boolean backedUp() {
    return queue.queuedEvents() >= (long) config.batchSize() * config.eventWorkerCount() && collector.answering();
  }

  private boolean sendNow() {
    return draining || flushRequests.get() > 0;
  }

  private void runWorker() {
    try (Batch batch = new Batch(queue, config.maxBatchBytes())) {
      while (running) {
        fillAndShip(batch, IDLE_POLL_NANOS);
        shedding.tick(System.currentTimeMillis());
      }
    }
  }

  /**
   * Fills one batch from the queue (waiting up to {@code pollNanos} for its first event) and ships
   * it.
   */
  private void fillAndShip(Batch batch, long pollNanos) {
    try {
      PendingEvent first = queue.poll(pollNanos);
      if (first == null) {
        return;
      }
      long batchDeadline = System.nanoTime() + config.batchTimeout().toNanos();
      add(batch, first);
      // Fill the batch from what is queued, sleeping between looks instead of waiting on the
      // queue: a worker blocked in poll is handed each new event with an unpark, which costs
      // the request thread a wake-up (and the core a context switch) per event. Under traffic
      // the looks are short and each one serialises and deflates what arrived, so the work
      // comes in small slices the app's requests interleave with, not one burst per batch;
      // when a look finds nothing the next one waits longer, so light traffic wakes it rarely.
      boolean arriving = true;
      while (batch.encoder.jsonBytes() < config.maxBatchBytes()
          && (batch.size() < config.batchSize()
              || (batch.size() < MAX_EVENTS_PER_BATCH && backedUp()))) {
        PendingEvent next = queue.poll(0);
        if (next != null) {
          add(batch, next);
          arriving = true;
          continue;
        }
        long left = batchDeadline - System.nanoTime();
        if (sendNow() || left <= 0) {
          break;
        }
        batch.encoder.compressAppended();
        TimeUnit.NANOSECONDS.sleep(Math.min(arriving ? BUSY_SLICE_NANOS : SLICE_NANOS, left));
        arriving = false;
      }
      batch.shipping = true;
      ship(batch);
    } catch (InterruptedException e) {
      // Only close interrupts workers (a stray interrupt is treated the same way): what this
      // worker still held was not delivered in time.
      if (!batch.shipping) {
        dropUndelivered(batch.held, batch);
      }
    } catch (Throwable t) {
      onceLogger.warn("shipper", "Moesif: unexpected error in the shipper; the batch is lost", t);
      counters.internalErrors.increment();
      if (!batch.shipping) {
        // held, not events.size(): an event whose assembly threw an Error is held but in no list
        account(counters.failed, batch.held, batch);
      }
      counters.lastError("shipper: " + t);
    } finally {
      // Normally everything was released as it was counted; this covers the error paths.
      if (batch.held > 0) {
        queue.done(batch.held);
      }
      batch.clear();
    }
  }

  /**
   * Counts {@code n} of the batch's events under {@code outcome} and, right after, releases them
   * from the queue's in-flight count: an event leaves "pending" the moment it is counted elsewhere,
   * not when the whole batch is done (a 413 split takes many round trips, during which {@code
   * stats()} would otherwise count the events already failed twice).
   */
  private void account(java.util.concurrent.atomic.LongAdder outcome, int n, Batch batch) {
    if (n <= 0) {
      return;
    }
    outcome.add(n);
    queue.done(n);
    batch.held -= n;
  }

  /** Events a worker held when close interrupted it: dropped, and said so by close. */
  private void dropUndelivered(int n, Batch batch) {
    account(counters.dropped, n, batch);
    undeliveredAtClose.add(n);
  }

  /** Assembles and serialises one event into the batch; serialisation failures lose only that event. */
  private void add(Batch batch, PendingEvent pending) {
    batch.taken++;
    batch.held++;
    EventModel event;
    try {
      event = assembler.assemble(pending);
    } catch (RuntimeException e) {
      counters.internalErrors.increment();
      onceLogger.warn("assemble", "Moesif: could not assemble an event; it is dropped", e);
      account(counters.failed, 1, batch);
      return;
    }
    if (event == null) {
      // filtered by maskEvent, already counted there: only release it
      queue.done(1);
      batch.held--;
      return;
    }
    if (!serialize(event, batch.encoder)) {
      account(counters.failed, 1, batch);
    }
    batch.reserveBuffers();
  }

  /** Appends the event's JSON to the batch; false when it cannot be sent (counted, logged once). */
  private boolean serialize(EventModel event, BatchEncoder encoder) {
    JsonNode metadata = null;
    if (event.metadata() != null) {
      try {
        metadata = Json.MAPPER.valueToTree(event.metadata());
      } catch (RuntimeException | StackOverflowError e) {
        // Arbitrary user objects: getters that throw, or cycles that recurse until the stack ends.
        counters.hookErrors.increment();
        onceLogger.warn("metadata", "Moesif: metadata could not be serialised to JSON; the event is sent without it", e);
      }
    }
    try {
      if (encoder.append(event, metadata)) {
        return true;
      }
      onceLogger.warn("too-large", "Moesif: an event exceeds the collector's 1 MB limit even without its bodies; it is dropped", null);
      return false;
    } catch (IOException | RuntimeException e) {
      counters.internalErrors.increment();
      onceLogger.warn("serialize", "Moesif: could not serialise an event; it is dropped", e);
      return false;
    }
  }

  private void ship(Batch batch) throws InterruptedException {
    if (batch.encoder.size() == 0) {
      return;
    }
    shipEvents(0, batch.encoder.size(), batch, 0);
  }

  /**
   * A range refused with 413 whose upload was smaller than this is not split further: the
   * collector (or a proxy in front of it) refuses bodies this small, so halves would only double
   * the requests for the same answer.
   */
  static final int MIN_SPLIT_GZIP_BYTES = 16 * 1024;

  /**
   * Ships events {@code [from, to)} of the batch, halving the range on a 413 (after a backoff as
   * for a retry, down to {@link #MIN_SPLIT_GZIP_BYTES}); {@code depth} counts the halvings.
   */
  private void shipEvents(int from, int to, Batch batch, int depth) throws InterruptedException {
    int count = to - from;
    byte[] body = batch.encoder.gzip(from, to);
    batch.reserveBuffers();
    // The upload's body is held through its retries: it counts against the byte budget too.
    queue.reserve(body.length);
    long started = System.nanoTime();
    CollectorClient.Outcome outcome;
    try {
      outcome =
          collector
              .post("/v1/events/batch", body, true, count, draining ? drainDeadlineNanos : Long.MAX_VALUE)
              .outcome();
    } catch (InterruptedException e) {
      dropUndelivered(count, batch);
      throw e;
    } catch (RuntimeException e) {
      account(counters.failed, count, batch);
      throw e;
    } finally {
      queue.reserve(-body.length);
    }
    if (outcome == CollectorClient.Outcome.TOO_LARGE && count > 1 && body.length >= MIN_SPLIT_GZIP_BYTES) {
      int half = from + count / 2;
      try {
        Thread.sleep(collector.backoffMillis(depth, -1));
      } catch (InterruptedException e) {
        dropUndelivered(count, batch);
        throw e;
      }
      try {
        shipEvents(from, half, batch, depth + 1);
      } catch (InterruptedException e) {
        dropUndelivered(to - half, batch);
        throw e;
      }
      shipEvents(half, to, batch, depth + 1);
      return;
    }
    if (outcome == CollectorClient.Outcome.TOO_LARGE) {
      collector.reportLoss(
          count == 1 ? "the collector refused an event as too large (HTTP 413)"
              : "the collector refused a batch as too large (HTTP 413) that is too small to split further",
          count,
          body.length + " bytes gzip'd");
    }
    if (outcome == CollectorClient.Outcome.SENT) {
      counters.batches.increment();
      counters.bytesSent.add(body.length);
      counters.uploadNanos.add(System.nanoTime() - started);
      account(counters.sent, count, batch);
      if (config.debug()) {
        LOG.info("Moesif: sent {} events ({} bytes JSON, {} gzip)", count, batch.encoder.jsonBytes(from, to), body.length);
      }
    } else {
      account(counters.failed, count, batch);
    }
  }

  private static final class Batch implements AutoCloseable {
    final BatchEncoder encoder;
    private final EventQueue queue;
    /** What this batch's buffers have reserved in the queue's byte budget. */
    private long reserved;
    /** Events taken from the queue (including any filtered or failed), for the batch size limit. */
    int taken;
    /** Events taken and not yet counted under an outcome: still in flight for the queue. */
    int held;
    /** Set once the batch is handed to {@code ship}, which then accounts for every event itself. */
    boolean shipping;

    Batch(EventQueue queue, int maxBatchBytes) {
      this.queue = queue;
      this.encoder = new BatchEncoder(maxBatchBytes);
    }

    int size() {
      return taken;
    }

    /**
     * Brings the queue's reservation for this batch's buffers up to date (usually a no-op). Only
     * while a batch is under way: an idle worker's kept buffers reserve nothing, or a buffer grown
     * past a small {@code MAX_QUEUE_BYTES} would refuse every new event, and with no new event no
     * batch would ever come to let the buffer go.
     */
    void reserveBuffers() {
      long now = encoder.grownBytes();
      if (now != reserved) {
        queue.reserve(now - reserved);
        reserved = now;
      }
    }

    /** The batch is over: ready for the next one, and its reservation ends with it. */
    void clear() {
      shipping = false;
      encoder.clear();
      taken = 0;
      held = 0;
      releaseReservation();
    }

    private void releaseReservation() {
      queue.reserve(-reserved);
      reserved = 0;
    }

    @Override
    public void close() {
      encoder.close();
      releaseReservation();
    }
  }

}
