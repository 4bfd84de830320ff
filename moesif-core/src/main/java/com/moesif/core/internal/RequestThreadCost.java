package com.moesif.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What the SDK's work on request threads costs, estimated from a sample: the engine's two
 * request-thread sections of a captured call (its start: the decision, the header copy, the
 * transaction id, governance; its end: the response view, hooks, the event, the offer) are each
 * measured, 1 in {@value #SAMPLE_EVERY} at random, with the thread's CPU time and allocated bytes
 * read around it; the sums, times {@value #SAMPLE_EVERY}, estimate the totals without bias. Shed
 * calls are sections like any other: what they cost is the SDK's too.
 *
 * <p>A sampled section costs three readings of the thread's CPU clock (a system call each) and two
 * of its allocation counter (a field read); an unsampled one, one random number. The first two
 * clock readings, back to back, measure what a reading costs, which the section's interval
 * includes once and which is taken off, so the estimate is of the SDK's work, not of its
 * measuring. When the JVM cannot read the current thread's CPU time (or its allocation), that
 * part reads 0 and {@link #measuresCpu()} (or {@link #measuresAllocation()}) says so.
 */
public final class RequestThreadCost {
  /**
   * One section in this many is measured: enough samples in a one-second window of a busy app,
   * and the readings' cost, spread over every call, a small fraction of a microsecond.
   */
  public static final int SAMPLE_EVERY = 64;

  private final int sampleEvery;
  private final @Nullable LongSupplier cpu;
  private final @Nullable LongSupplier allocated;
  private final IntSupplier random;
  private final LongAdder sampledNanos = new LongAdder();
  private final LongAdder sampledBytes = new LongAdder();

  /**
   * @param sampleEvery one section in this many is measured
   * @param cpu the current thread's CPU time (ns), or null when unavailable
   * @param allocated the current thread's allocated bytes, or null when unavailable
   * @param random a random int (its low bits decide whether a section is sampled)
   */
  RequestThreadCost(int sampleEvery, @Nullable LongSupplier cpu, @Nullable LongSupplier allocated, IntSupplier random) {
    this.sampleEvery = sampleEvery;
    this.cpu = cpu;
    this.allocated = allocated;
    this.random = random;
  }

  /** Measures with this JVM's {@code ThreadMXBean}, what of it is available. */
  public static RequestThreadCost ofThisJvm() {
    LongSupplier cpu = null;
    LongSupplier allocated = null;
    try {
      ThreadMXBean bean = ManagementFactory.getThreadMXBean();
      if (bean.isCurrentThreadCpuTimeSupported() && bean.isThreadCpuTimeEnabled()) {
        cpu = bean::getCurrentThreadCpuTime;
      }
      // In jdk.management, which a trimmed runtime may leave out: then the class is missing.
      if (bean instanceof com.sun.management.ThreadMXBean sun
          && sun.isThreadAllocatedMemorySupported()
          && sun.isThreadAllocatedMemoryEnabled()) {
        allocated = sun::getCurrentThreadAllocatedBytes;
      }
    } catch (LinkageError | RuntimeException unavailable) {
      // measured as far as it got
    }
    return new RequestThreadCost(SAMPLE_EVERY, cpu, allocated, () -> ThreadLocalRandom.current().nextInt());
  }

  /** Never measures (the CPU-share trigger is off). */
  public static RequestThreadCost none() {
    return new RequestThreadCost(SAMPLE_EVERY, null, null, () -> 1);
  }

  /** {@return whether request threads' CPU time is measured} */
  public boolean measuresCpu() {
    return cpu != null;
  }

  /** {@return whether request threads' allocation is measured} */
  public boolean measuresAllocation() {
    return allocated != null;
  }

  /**
   * Starts a section: null (nothing to do) unless this one is sampled. End a non-null one with
   * {@link Section#end} on the same thread.
   */
  public @Nullable Section start() {
    if ((cpu == null && allocated == null) || Math.floorMod(random.getAsInt(), sampleEvery) != 0) {
      return null;
    }
    return new Section();
  }

  /** {@return the CPU time request threads have spent in the SDK's sections so far, estimated} */
  public long nanos() {
    return Math.max(0, sampledNanos.sum()) * sampleEvery;
  }

  /** {@return the bytes request threads have allocated in the SDK's sections so far, estimated} */
  public long allocatedBytes() {
    return sampledBytes.sum() * sampleEvery;
  }

  /** One sampled section under way. */
  public final class Section {
    private final long startNanos;
    private final long readingNanos;
    private final long startBytes;

    private Section() {
      startBytes = read(allocated);
      long before = read(cpu);
      startNanos = read(cpu);
      // What one reading of the clock costs (a system call), measured on this thread now: the
      // section's own interval includes one, which is the measuring's cost, not the SDK's work.
      readingNanos = before >= 0 && startNanos >= 0 ? startNanos - before : 0;
    }

    /** Adds what the section used since {@link #start}; a reading that failed adds nothing. */
    public void end() {
      long nanos = read(cpu);
      long bytes = read(allocated);
      if (nanos >= 0 && startNanos >= 0) {
        // Signed: clamping each short section at 0 would bias the sum up.
        sampledNanos.add(nanos - startNanos - readingNanos);
      }
      if (bytes >= 0 && startBytes >= 0) {
        sampledBytes.add(Math.max(0, bytes - startBytes));
      }
    }
  }

  /** -1 when unavailable, or unsupported on this thread (a virtual thread, on some JDKs). */
  private static long read(@Nullable LongSupplier counter) {
    if (counter == null) {
      return -1;
    }
    try {
      return counter.getAsLong();
    } catch (RuntimeException notOnThisThread) {
      return -1;
    }
  }
}
