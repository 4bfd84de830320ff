package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load-adaptive sampling, the safety net for when shipping cannot keep up or takes too much of a
 * busy process's CPU: a divisor {@code w} (1 = keep every call) that rises while the queue falls
 * behind or the SDK's CPU share is over its cap, and steps back to 1 once both are well under.
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
 *
 * <p><b>The CPU-share trigger</b> ({@code MAX_SDK_CPU_PERCENT}, 0 turns it off) drives the same
 * divisor. Once per {@value #CPU_WINDOW_MILLIS} ms window, from {@value #CPU_WARMUP_MILLIS} ms after
 * the first look on (the JIT's warm-up), a {@link CpuMeter} reads the CPU time of the process and
 * the SDK's full cost in it: its own threads, its sections on request threads (sampled, {@link
 * RequestThreadCost}) and its part of the JVM's work (garbage collection, the JIT) by its share of
 * the bytes allocated ({@link ThreadCpuMeter}). The window is <i>over</i> when the process used at
 * least {@value #BUSY_PERCENT}% of the processors it may run on, or {@value #CONTENDED_BUSY_PERCENT}%
 * while the machine is {@value #CONTENDED_PERCENT}% busy (a lightly loaded app has room for the
 * SDK, however large its share of a small total), and the SDK more than the cap's share of that.
 * Each change of {@code w} starts a new window, so every reading is taken at one divisor:
 *
 * <ul>
 *   <li>a window over the cap, at the divisor now in force, raises {@code w} by half (so at most
 *       one rise per window), unless the last rise for CPU did not lower the share: then shedding
 *       is not what costs (errors are always kept), and a higher divisor would only thin the
 *       successes for nothing;
 *   <li>stepping back needs, besides the queue's calm looks, that halving {@code w} would keep the
 *       window under 3/4 of the cap (or of the busy marks), projected from the last reading with
 *       the SDK's part scaled by the divisor: a step back lands under the cap, so the two
 *       triggers do not take turns.
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
  /** One CPU reading per window: long enough for the process clock's 10 ms ticks to be exact to ~1%. */
  static final long CPU_WINDOW_MILLIS = 1000;
  /**
   * No CPU reading before the SDK has run this long: until the JIT has compiled the shipping code,
   * the SDK's threads run it interpreted and their share says little about its cost.
   */
  static final long CPU_WARMUP_MILLIS = 30_000;
  /** The process is busy, and the CPU-share trigger may act, from this share of its processors. */
  static final int BUSY_PERCENT = 85;
  /**
   * Or from this share, while the machine (or container) is {@value #CONTENDED_PERCENT}% busy: the
   * process then gets less than it asks for, and whatever the SDK uses is taken from its requests.
   */
  static final int CONTENDED_BUSY_PERCENT = 25;
  static final int CONTENDED_PERCENT = 90;
  /** Stepping back must land this far under the cap (and the busy mark): the CPU trigger's hysteresis. */
  static final double CALM_MARGIN = 0.75;

  /**
   * Cumulative CPU readings: the whole process's and the SDK's parts (nanoseconds), and the
   * processors the process may use. Read by the controller only, one window at a time.
   */
  public interface CpuMeter {
    /** Never measures: the CPU-share trigger is off. */
    CpuMeter NONE = new CpuMeter() {
      @Override
      public boolean supported() {
        return false;
      }

      @Override
      public Reading read() {
        return new Reading(-1, -1, 0, 0);
      }

      @Override
      public int processors() {
        return 1;
      }

      @Override
      public double systemLoad() {
        return -1;
      }
    };

    /**
     * CPU used so far, in nanoseconds: by the process, and of it by the SDK's threads, by the SDK's
     * work on request threads (estimated from a sample), and by the JVM's own work (garbage
     * collection, the JIT) in the SDK's proportion. A part the JVM cannot measure reads 0.
     */
    record Reading(long process, long sdkThreads, long requestThreads, long jvm) {}

    /** {@return whether this JVM can measure the process's and the SDK's threads' CPU} */
    boolean supported();

    /** {@return the readings now} */
    Reading read();

    /** {@return the sampler of the SDK's work on request threads that {@link #read} counts} */
    default RequestThreadCost requestCost() {
      return RequestThreadCost.none();
    }

    /** {@return the processors the process may run on} */
    int processors();

    /** {@return how busy the machine (or container) was recently, from 0 to 1; negative when unknown} */
    double systemLoad();
  }

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

  /** The CPU-share cap as a fraction; the trigger is off when {@link #cpuOn} is false. */
  private final double cpuCap;
  private final boolean cpuOn;
  private final CpuMeter meter;
  /** Guarded by {@link #stepping}: the time of the look under way, and of the first one. */
  private long nowMillis;
  private long firstLookMillis = Long.MIN_VALUE;
  /** When an SDK thread's look should next end the CPU window; read without the lock, as a hint. */
  private volatile long cpuDueMillis;
  /** Guarded by {@link #stepping}: whether the look under way may read the CPU (an SDK thread's). */
  private boolean lookMayMeasure = true;
  /** Guarded by {@link #stepping}: the window being measured (start, and the readings then). */
  private long windowStartMillis = Long.MIN_VALUE;
  private CpuMeter.Reading windowStart = new CpuMeter.Reading(0, 0, 0, 0);
  /** Guarded by {@link #stepping}: the last complete window, as fractions of the processors' time. */
  private boolean measured;
  private double sdkLoad;
  private double processLoad;
  /** The SDK's parts of the last complete window: its threads, its request-thread work, its JVM work. */
  private double threadsLoad;
  private double requestLoad;
  private double jvmLoad;
  /** The SDK's share of the process's CPU in the last complete window, percent; 0 until then. */
  private volatile double sdkSharePercent;
  private double systemLoad;
  /** The divisor in force throughout the last complete window. */
  private int measuredDivisor = 1;
  /** True while the last complete window was measured at the divisor now in force. */
  private boolean fresh;
  /** The SDK's share at the last rise for CPU in this episode, or 2 (none yet). */
  private double shareAtCpuRise = 2;

  LoadShedding(
      boolean enabled, long maxAgeMillis, long maxBytes, int maxEvents, EventQueue queue, Counters counters,
      BooleanSupplier answering, int maxCpuPercent, CpuMeter meter) {
    this.enabled = enabled;
    this.maxAgeMillis = maxAgeMillis;
    this.maxBytes = maxBytes;
    this.maxEvents = maxEvents;
    this.queue = queue;
    this.counters = counters;
    this.answering = answering;
    this.cpuCap = maxCpuPercent / 100.0;
    this.meter = meter;
    boolean wanted = enabled && maxCpuPercent > 0;
    this.cpuOn = wanted && meter.supported();
    if (wanted && !cpuOn) {
      LOG.info("Moesif: this JVM does not measure thread CPU time; load shedding's CPU-share trigger"
          + " (MAX_SDK_CPU_PERCENT) is off, the queue's still works");
    }
  }

  /**
   * The shedding {@code config} asks for, watching {@code queue}, whether {@code answering}, and
   * the SDK's CPU share as {@code meter} reads it.
   */
  public static LoadShedding of(
      MoesifConfig config, EventQueue queue, Counters counters, BooleanSupplier answering, CpuMeter meter) {
    return new LoadShedding(
        config.loadShedding(), config.maxQueueAge().toMillis(), config.maxQueueBytes(), config.eventQueueSize(), queue,
        counters, answering, config.maxSdkCpuPercent(), meter);
  }

  /** Never sheds: every call is kept with weight 1. */
  public static LoadShedding off(EventQueue queue, Counters counters) {
    return new LoadShedding(
        false, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, queue, counters, () -> true, 0, CpuMeter.NONE);
  }

  /**
   * The SDK's share of the process's CPU in the last complete {@value #CPU_WINDOW_MILLIS} ms window
   * (its threads, its work on request threads, its part of the JVM's work), in percent; 0 before the
   * first window and whenever the CPU-share trigger is off or cannot measure.
   */
  public double sdkCpuPercent() {
    return sdkSharePercent;
  }

  /**
   * Starts measuring one of the SDK's sections on a request thread (see {@link RequestThreadCost}):
   * null, at the cost of a random number, unless it is one of the sampled few and the CPU-share
   * trigger is on.
   */
  public RequestThreadCost.@Nullable Section requestSection() {
    return cpuOn ? meter.requestCost().start() : null;
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

  /**
   * From the SDK's own threads: a look at the queue if the last one was {@value #TICK_MILLIS} ms ago
   * or more, and the end of the CPU window when it is due; cheap otherwise.
   */
  public void tick(long nowMillis) {
    look(nowMillis, true);
  }

  /**
   * From a request thread: a look at the queue when one is due, never the end of a CPU window,
   * whose reading of every thread's clock is left to the SDK's threads.
   */
  public void tickFromRequestThread(long nowMillis) {
    look(nowMillis, false);
  }

  private void look(long nowMillis, boolean mayMeasure) {
    if (!enabled) {
      return;
    }
    long last = lastTick.get();
    boolean stepDue = nowMillis - last >= TICK_MILLIS && lastTick.compareAndSet(last, nowMillis);
    // Request threads take most looks under load, so the window is ended apart from them.
    boolean measureDue = mayMeasure && cpuOn && nowMillis - cpuDueMillis >= 0;
    if (!(stepDue || measureDue) || !stepping.tryLock()) {
      return;
    }
    try {
      this.nowMillis = nowMillis;
      this.lookMayMeasure = mayMeasure;
      if (cpuOn) {
        if (firstLookMillis == Long.MIN_VALUE) {
          firstLookMillis = nowMillis;
          cpuDueMillis = nowMillis + CPU_WARMUP_MILLIS;
        }
        if (mayMeasure && nowMillis - firstLookMillis >= CPU_WARMUP_MILLIS) {
          measureCpu(nowMillis);
          cpuDueMillis = windowStartMillis + CPU_WINDOW_MILLIS;
        }
      }
      if (!stepDue) {
        return;
      }
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
        setDivisor(Math.min(MAX_DIVISOR, 2 * w), ageMillis, queue.queuedEvents(), false);
      }
      return;
    }
    boolean behind = ageMillis > maxAgeMillis || 8 * bytes > maxBytes || 2L * queued > maxEvents;
    boolean queueRise = behind && ticksSinceChange >= RISE_TICKS && queued >= queuedAtChange;
    boolean cpuRise = !queueRise && cpuOverCap(w);
    boolean caughtUp =
        4 * ageMillis <= maxAgeMillis && EventQueue.BACKLOG_FRACTION * bytes <= maxBytes && 8L * queued <= maxEvents
            && cpuCalm(w);
    if ((queueRise || cpuRise) && w < MAX_DIVISOR) {
      calmTicks = 0;
      if (cpuRise) {
        shareAtCpuRise = sdkLoad / processLoad;
      }
      setDivisor(Math.min(MAX_DIVISOR, w + Math.max(1, w / 2)), ageMillis, queued, cpuRise);
    } else if (caughtUp && w > 1) {
      if (++calmTicks >= CALM_TICKS) {
        calmTicks = 0;
        shareAtCpuRise = 2;
        setDivisor(w / 2, ageMillis, queued, false);
      }
    } else if (!caughtUp) {
      calmTicks = 0;
    }
  }

  /**
   * Ends the CPU window if it is {@value #CPU_WINDOW_MILLIS} ms old: what the SDK's threads and the
   * process used in it, as fractions of the processors' time, and starts the next.
   */
  private void measureCpu(long now) {
    if (windowStartMillis == Long.MIN_VALUE) {
      startWindow(now);
      return;
    }
    long elapsed = now - windowStartMillis;
    if (elapsed < CPU_WINDOW_MILLIS) {
      return;
    }
    CpuMeter.Reading reading = meter.read();
    double capacity = (double) elapsed * 1_000_000 * Math.max(1, meter.processors());
    processLoad = Math.max(0, reading.process() - windowStart.process()) / capacity;
    threadsLoad = Math.max(0, reading.sdkThreads() - windowStart.sdkThreads()) / capacity;
    requestLoad = Math.max(0, reading.requestThreads() - windowStart.requestThreads()) / capacity;
    jvmLoad = Math.max(0, reading.jvm() - windowStart.jvm()) / capacity;
    sdkLoad = Math.min(processLoad, threadsLoad + requestLoad + jvmLoad);
    sdkSharePercent = processLoad > 0 ? 100 * sdkLoad / processLoad : 0;
    systemLoad = meter.systemLoad();
    measuredDivisor = divisor;
    measured = true;
    fresh = true;
    windowStartMillis = now;
    windowStart = reading;
  }

  private void startWindow(long now) {
    if (windowStartMillis == now) {
      return; // a window ended at this look: its reading starts the next one
    }
    windowStartMillis = now;
    windowStart = meter.read();
    meter.systemLoad(); // the machine's load is measured from one call to the next
  }

  /**
   * Whether the last window, projected to divisor {@code w} (the SDK's part scaled by how many
   * calls it keeps, the rest of the process as measured), would have the process busy and the
   * SDK's share over the cap; {@code margin} scales every mark.
   */
  private boolean overAt(int w, double margin) {
    double sdk = sdkLoad * measuredDivisor / w;
    double process = processLoad - sdkLoad + sdk;
    boolean busy = process * 100 >= margin * BUSY_PERCENT
        || (systemLoad * 100 >= margin * CONTENDED_PERCENT && process * 100 >= margin * CONTENDED_BUSY_PERCENT);
    return busy && sdk > margin * cpuCap * process;
  }

  /** A window measured at {@code w} is over the cap, and the last rise for CPU (if any) lowered the share. */
  private boolean cpuOverCap(int w) {
    return cpuOn && fresh && measuredDivisor == w && overAt(w, 1) && sdkLoad / processLoad < shareAtCpuRise;
  }

  /** Halving {@code w} would keep the CPU well under the cap (always, with the trigger off). */
  private boolean cpuCalm(int w) {
    return !cpuOn || !measured || w <= 1 || !overAt(w / 2, CALM_MARGIN);
  }

  private void setDivisor(int next, long ageMillis, int queued, boolean forCpu) {
    int previous = divisor;
    queuedAtChange = queued;
    ticksSinceChange = 0;
    if (next == previous) {
      return;
    }
    divisor = next;
    if (cpuOn) {
      // The next reading is taken at the new divisor only.
      fresh = false;
      if (lookMayMeasure) {
        startWindow(nowMillis);
      } else {
        windowStartMillis = Long.MIN_VALUE; // a worker's next look starts the window
        cpuDueMillis = nowMillis;
      }
    }
    if (previous == 1) {
      highest = next;
      shedAtEpisodeStart = counters.shed.sum();
      if (forCpu) {
        LOG.warn(
            "Moesif: the SDK uses {}% of the process's CPU while it is busy ({}), over MAX_SDK_CPU_PERCENT={};"
                + " load shedding keeps 1 successful call in {} with weight {} and every error, until the share"
                + " falls back",
            Math.round(100 * sdkLoad / processLoad),
            parts(),
            Math.round(100 * cpuCap),
            next,
            next);
      } else {
        LOG.warn(
            "Moesif: shipping falls behind (oldest queued event {} ms old, {} events queued{}); load shedding keeps 1"
                + " successful call in {} with weight {} and every error, until it catches up",
            ageMillis,
            queued,
            shareNow(),
            next,
            next);
      }
    } else if (next == 1) {
      LOG.info(
          "Moesif: shipping keeps up{}; load shedding stopped, every call is kept again ({} calls shed, highest"
              + " divisor {})",
          cpuOn ? " and the SDK's CPU share is under its cap" + lastMeasured() : "",
          counters.shed.sum() - shedAtEpisodeStart,
          highest);
    } else {
      highest = Math.max(highest, next);
      LOG.debug("Moesif: load-shedding divisor {} -> {} ({})", previous, next,
          next < previous ? "stepping back" : forCpu ? "SDK's CPU share over the cap" : "shipping behind");
    }
  }

  /** The SDK's parts in the last window, as shares of the process's CPU. */
  private String parts() {
    return "its threads " + Math.round(100 * threadsLoad / processLoad) + "%, its work on request threads "
        + Math.round(100 * requestLoad / processLoad) + "%, its part of GC and JVM work "
        + Math.round(100 * jvmLoad / processLoad) + "%";
  }

  /** The share last measured, for the line that ends an episode; empty before the first window. */
  private String lastMeasured() {
    return measured ? " (" + Math.round(sdkSharePercent) + "% last measured)" : "";
  }

  /** The share last measured, for the line that starts an episode; empty before the first window. */
  private String shareNow() {
    return cpuOn && measured ? ", the SDK's CPU share " + Math.round(sdkSharePercent) + "%" : "";
  }
}
