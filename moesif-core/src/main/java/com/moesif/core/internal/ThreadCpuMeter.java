package com.moesif.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The CPU readings behind load shedding's CPU-share trigger: the CPU time of the SDK's own threads
 * (the shipper workers, the HTTP client's selector thread, the entity API's pool) and of the whole
 * process, both cumulative. Read by the controller once per window (by whichever thread makes
 * that look), never per call; a reading costs a few microseconds per thread.
 *
 * <p>What the request threads spend capturing (header copies, body tees) and the garbage collection
 * the SDK's allocations cause are not counted: they cannot be told apart cheaply. The share measured
 * is the SDK's background work, the larger and the sheddable part.
 */
public final class ThreadCpuMeter implements LoadShedding.CpuMeter {
  private final Supplier<List<Thread>> threads;
  private final @Nullable ThreadMXBean threadBean;
  private final @Nullable LongSupplier processCpu;
  private final @Nullable DoubleSupplier systemLoad;
  /** CPU each thread had used at the last reading, by thread id. Guarded by the caller (one reader). */
  private final Map<Long, Long> lastByThread = new HashMap<>();
  private long total;

  /** @param threads the SDK's threads now (dead ones and repeats are ignored) */
  public ThreadCpuMeter(Supplier<List<Thread>> threads) {
    this.threads = threads;
    ThreadMXBean bean = null;
    LongSupplier process = null;
    DoubleSupplier system = null;
    try {
      ThreadMXBean candidate = ManagementFactory.getThreadMXBean();
      if (candidate.isThreadCpuTimeSupported() && candidate.isThreadCpuTimeEnabled()) {
        bean = candidate;
      }
      // In jdk.management, which a trimmed runtime may leave out: then the class is missing.
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
          && os.getProcessCpuTime() >= 0) {
        process = os::getProcessCpuTime;
        system = os::getCpuLoad;
      }
    } catch (LinkageError | RuntimeException unavailable) {
      bean = null;
      process = null;
      system = null;
    }
    this.systemLoad = system;
    this.threadBean = process == null ? null : bean;
    this.processCpu = bean == null ? null : process;
  }

  @Override
  public boolean supported() {
    return threadBean != null && processCpu != null;
  }

  /**
   * Sums what each SDK thread used since the last reading: a thread first seen counts from its
   * start (it started since the last reading, or this is the first), a thread that ended drops out
   * with what it used since the last reading lost (a pool thread idle long enough to end uses
   * little).
   */
  @Override
  public long sdkNanos() {
    ThreadMXBean bean = threadBean;
    if (bean == null) {
      return -1;
    }
    Set<Long> seen = new HashSet<>();
    for (Thread thread : threads.get()) {
      long id = thread.getId();
      if (!seen.add(id)) {
        continue;
      }
      long cpu = bean.getThreadCpuTime(id);
      if (cpu < 0) {
        continue; // ended (or not started)
      }
      Long last = lastByThread.put(id, cpu);
      total += cpu - (last == null ? 0 : last);
    }
    lastByThread.keySet().retainAll(seen);
    return total;
  }

  @Override
  public long processNanos() {
    LongSupplier process = processCpu;
    return process == null ? -1 : process.getAsLong();
  }

  /** Since the last call (the JDK keeps the previous reading), the container's when it has limits. */
  @Override
  public double systemLoad() {
    DoubleSupplier system = systemLoad;
    return system == null ? -1 : system.getAsDouble();
  }

  @Override
  public int processors() {
    return Runtime.getRuntime().availableProcessors();
  }
}
