package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load-adaptive sampling, the safety net for when shipping cannot keep up: a divisor {@code w}
 * (1 = keep every call) that rises while the queue falls behind and steps back to 1 once it has
 * caught up.
 *
 * <p><b>The decision</b> is made when a call starts ({@link #admit}), so a shed call costs almost
 * nothing: no header copy, no body copy, no event. Of each run of {@code w} consecutive calls one
 * is kept, at a random place in the run (stratified: the count kept is exact, and a regular
 * pattern of routes cannot line up with the choice). A kept call that succeeds carries weight
 * {@code w}; a call that ends in an error (status >= 400 or an exception) is kept whether or not it
 * was shed at its start, with weight 1 (bodies not captured when it was shed). So, per status
 * class: errors are counted exactly, and the kept successes, each standing for {@code w}, estimate
 * the successes without bias (a kept call that ends in an error uses its slot, exactly as often
 * as errors occur among all calls). The server's sampling multiplies on top.
 *
 * <p><b>The controller</b> looks at the queue at most every {@value #TICK_MILLIS} ms ({@link #tick},
 * called by request threads and shipper threads alike, so a quiet app still steps back):
 *
 * <ul>
 *   <li>while the collector answers, shipping is <i>behind</i> when the oldest queued event is
 *       older than {@code MAX_QUEUE_AGE}, or the queue holds more than 1/8 of {@code MAX_QUEUE_BYTES}
 *       or half of {@code EVENT_QUEUE_SIZE}; while behind and not draining (no fewer events queued
 *       than at the last change), {@code w} rises by half (1, 2, 3, 4, 6, 9, 13, ...), at most
 *       every {@value #RISE_TICKS} looks, so each rise shows in the queue before the next;
 *   <li>it has <i>caught up</i> when the oldest event is younger than a quarter of {@code
 *       MAX_QUEUE_AGE} and the queue is under its backlog mark (1/32 of the byte budget, 1/8 of the
 *       event cap); after {@value #CALM_TICKS} such looks in a row {@code w} halves. Between the two
 *       marks it holds: the gap is the hysteresis that keeps it from oscillating;
 *   <li>while the collector does not answer (an outage), age says nothing about load, so it does
 *       not drive {@code w}. Instead, once the queue holds half the byte budget, the queued
 *       successes are {@linkplain EventQueue#thin thinned} (merged in pairs, the survivor's weight
 *       the sum) and {@code w} doubles, so the backlog stands evenly for the whole outage, its start
 *       and its end, at the same density; blind drops remain only at the byte cap itself.
 * </ul>
 */
public final class LoadShedding {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  static final long TICK_MILLIS = 100;
  static final int CALM_TICKS = 3;
  /** Looks between two rises: a rise shows in the queue only after calls admitted under it arrive. */
  static final int RISE_TICKS = 2;
  /** Past this, the byte cap's blind drops take over: the backlog would stand for too little each. */
  static final int MAX_DIVISOR = 4096;

  private final boolean enabled;
  private final long maxAgeMillis;
  private final long maxBytes;
  private final int maxEvents;
  private final EventQueue queue;
  private final Counters counters;
  private final BooleanSupplier answering;
  private final long seed = ThreadLocalRandom.current().nextLong();
  private final AtomicLong tickets = new AtomicLong();
  private final AtomicLong lastTick = new AtomicLong(Long.MIN_VALUE / 2);
  /** One controller step at a time (a thinning pass can take a while); a busy one is skipped. */
  private final ReentrantLock stepping = new ReentrantLock();
  private volatile int divisor = 1;
  /** Guarded by {@link #stepping}: events queued at the last change of the divisor. */
  private int queuedAtChange;
  private int ticksSinceChange = RISE_TICKS;
  private int calmTicks;
  private int highest = 1;
  private long shedAtEpisodeStart;

  LoadShedding(
      boolean enabled, long maxAgeMillis, long maxBytes, int maxEvents, EventQueue queue, Counters counters,
      BooleanSupplier answering) {
    this.enabled = enabled;
    this.maxAgeMillis = maxAgeMillis;
    this.maxBytes = maxBytes;
    this.maxEvents = maxEvents;
    this.queue = queue;
    this.counters = counters;
    this.answering = answering;
  }

  /** The shedding {@code config} asks for, watching {@code queue} and whether {@code answering}. */
  public static LoadShedding of(MoesifConfig config, EventQueue queue, Counters counters, BooleanSupplier answering) {
    return new LoadShedding(
        config.loadShedding(), config.maxQueueAge().toMillis(), config.maxQueueBytes(), config.eventQueueSize(), queue,
        counters, answering);
  }

  /** Never sheds: every call is kept with weight 1. */
  public static LoadShedding off(EventQueue queue, Counters counters) {
    return new LoadShedding(false, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, queue, counters, () -> true);
  }

  /** The divisor now in force (1 = every call is kept). */
  public int divisor() {
    return divisor;
  }

  /**
   * Decides at the start of a call: 0 when it is shed, else the divisor its weight carries if it
   * succeeds. One volatile read while nothing is shed.
   */
  public int admit() {
    int w = divisor;
    if (w == 1) {
      return 1;
    }
    long ticket = tickets.getAndIncrement();
    return Math.floorMod(ticket, w) == pick(Math.floorDiv(ticket, w), w) ? w : 0;
  }

  /** The place kept in run {@code run} of {@code w} calls: a hash, so threads agree without a lock. */
  private long pick(long run, int w) {
    long z = run ^ seed;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z = z ^ (z >>> 31);
    return Long.remainderUnsigned(z, w);
  }

  /** A look at the queue if the last one was {@value #TICK_MILLIS} ms ago or more; cheap otherwise. */
  public void tick(long nowMillis) {
    if (!enabled) {
      return;
    }
    long last = lastTick.get();
    if (nowMillis - last < TICK_MILLIS || !lastTick.compareAndSet(last, nowMillis)) {
      return;
    }
    if (!stepping.tryLock()) {
      return;
    }
    try {
      step(queue.oldestAgeMillis(nowMillis), queue.queuedEvents(), queue.queuedBytes(), answering.getAsBoolean());
    } catch (RuntimeException e) {
      counters.internalErrors.increment();
      counters.lastError("load shedding: " + e);
    } finally {
      stepping.unlock();
    }
  }

  /**
   * The weight of a call's event: errors (status >= 400, or 500 for an exception) stand for
   * themselves, a kept success for the {@code loadDivisor} calls of its run; the server's
   * sampling weight multiplies either.
   */
  static int weight(int status, int loadDivisor, int serverWeight) {
    return (status >= 400 ? 1 : loadDivisor) * serverWeight;
  }

  /** One controller step on what the queue holds now (see the class comment). */
  void step(long ageMillis, int queued, long bytes, boolean collectorAnswers) {
    if (!enabled) {
      return;
    }
    int w = divisor;
    ticksSinceChange++;
    if (!collectorAnswers) {
      calmTicks = 0;
      if (2 * bytes > maxBytes && w < MAX_DIVISOR) {
        int merged = queue.thin();
        LOG.debug("Moesif: collector not answering and the queue is half full; {} queued successes merged", merged);
        setDivisor(Math.min(MAX_DIVISOR, 2 * w), ageMillis, queue.queuedEvents());
      }
      return;
    }
    boolean behind = ageMillis > maxAgeMillis || 8 * bytes > maxBytes || 2L * queued > maxEvents;
    boolean caughtUp =
        4 * ageMillis <= maxAgeMillis && EventQueue.BACKLOG_FRACTION * bytes <= maxBytes && 8L * queued <= maxEvents;
    if (behind && ticksSinceChange >= RISE_TICKS && queued >= queuedAtChange && w < MAX_DIVISOR) {
      calmTicks = 0;
      setDivisor(Math.min(MAX_DIVISOR, w + Math.max(1, w / 2)), ageMillis, queued);
    } else if (caughtUp && w > 1) {
      if (++calmTicks >= CALM_TICKS) {
        calmTicks = 0;
        setDivisor(w / 2, ageMillis, queued);
      }
    } else if (!caughtUp) {
      calmTicks = 0;
    }
  }

  private void setDivisor(int next, long ageMillis, int queued) {
    int previous = divisor;
    queuedAtChange = queued;
    ticksSinceChange = 0;
    if (next == previous) {
      return;
    }
    divisor = next;
    if (previous == 1) {
      highest = next;
      shedAtEpisodeStart = counters.shed.sum();
      LOG.warn(
          "Moesif: shipping falls behind (oldest queued event {} ms old, {} events queued); load shedding keeps 1"
              + " successful call in {} with weight {} and every error, until it catches up",
          ageMillis,
          queued,
          next,
          next);
    } else if (next == 1) {
      LOG.info(
          "Moesif: shipping caught up; load shedding stopped, every call is kept again ({} calls shed, highest"
              + " divisor {})",
          counters.shed.sum() - shedAtEpisodeStart,
          highest);
    } else {
      highest = Math.max(highest, next);
      LOG.debug("Moesif: load-shedding divisor {} -> {}", previous, next);
    }
  }
}
