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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU readings behind load shedding's CPU-share trigger, all cumulative: the whole process's
 * CPU time, and the SDK's in three parts.
 *
 * <ul>
 *   <li><b>Its threads</b>: the shipper workers, the HTTP client's selector thread, the entity
 *       API's pool ({@code ThreadMXBean#getThreadCpuTime}).
 *   <li><b>Its work on request threads</b>: the engine's sections at a call's start and end,
 *       sampled ({@link RequestThreadCost}).
 *   <li><b>Its part of the JVM's own work</b>: the CPU no Java thread accounts for (the process's,
 *       minus the sum over every live Java thread: garbage collection, the JIT, the VM's threads),
 *       in proportion to the SDK's share of the bytes allocated (its threads' and its request-thread
 *       sections', against every thread's, from {@code com.sun.management.ThreadMXBean
 *       #getThreadAllocatedBytes}): the collector's work follows allocation.
 * </ul>
 *
 * <p>Read by the controller once per window (by whichever thread makes that look), never per call:
 * a reading walks every live thread, a few microseconds each. A thread that ended within the
 * window takes its CPU and allocation with it; in a pool-based server that is rare. What a JVM
 * cannot measure (request threads' CPU time, allocated bytes) reads 0, said once at DEBUG.
 */
public final class ThreadCpuMeter implements LoadShedding.CpuMeter {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");

  private final Supplier<List<Thread>> threads;
  private final RequestThreadCost requestCost;
  private final @Nullable ThreadMXBean threadBean;
  private final com.sun.management.@Nullable ThreadMXBean allocationBean;
  private final @Nullable LongSupplier processCpu;
  private final @Nullable DoubleSupplier systemLoad;
  /** Per live thread id: {CPU ns, allocated bytes} at the last reading. Guarded by the caller (one reader). */
  private Map<Long, long[]> lastByThread = new HashMap<>();
  private long sdkThreadsTotal;
  private long jvmTotal;
  private long lastProcess = -1;
  private long lastRequestBytes;
  private boolean gapsLogged;

  /**
   * @param threads the SDK's threads now (dead ones and repeats are ignored)
   * @param requestCost the sampled cost of the SDK's sections on request threads
   */
  public ThreadCpuMeter(Supplier<List<Thread>> threads, RequestThreadCost requestCost) {
    this.threads = threads;
    this.requestCost = requestCost;
    ThreadMXBean bean = null;
    com.sun.management.ThreadMXBean allocation = null;
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
      if (candidate instanceof com.sun.management.ThreadMXBean sun
          && sun.isThreadAllocatedMemorySupported()
          && sun.isThreadAllocatedMemoryEnabled()) {
        allocation = sun;
      }
    } catch (LinkageError | RuntimeException unavailable) {
      bean = null;
      process = null;
      system = null;
      allocation = null;
    }
    this.systemLoad = system;
    this.threadBean = process == null ? null : bean;
    this.processCpu = bean == null ? null : process;
    this.allocationBean = allocation;
  }

  @Override
  public boolean supported() {
    return threadBean != null && processCpu != null;
  }

  @Override
  public RequestThreadCost requestCost() {
    return requestCost;
  }

  /**
   * Every live thread's CPU and allocation since the last reading (a thread first seen counts from
   * its start: it started since, or this is the first reading), summed for the SDK's threads and
   * for all; the JVM's own work of the interval attributed by allocation.
   */
  @Override
  public LoadShedding.CpuMeter.Reading read() {
    ThreadMXBean bean = threadBean;
    LongSupplier processClock = processCpu;
    if (bean == null || processClock == null) {
      return new LoadShedding.CpuMeter.Reading(-1, -1, 0, 0);
    }
    logGapsOnce();
    long process = processClock.getAsLong();
    Set<Long> sdkIds = new HashSet<>();
    for (Thread thread : threads.get()) {
      sdkIds.add(thread.getId());
    }
    long[] ids = bean.getAllThreadIds();
    long[] cpu = cpuTimes(bean, ids);
    com.sun.management.ThreadMXBean allocation = allocationBean;
    long[] bytes = allocation == null ? null : allocation.getThreadAllocatedBytes(ids);
    Map<Long, long[]> now = new HashMap<>(Math.max(16, 2 * ids.length));
    long javaNanos = 0;
    long allBytes = 0;
    long sdkBytes = 0;
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] < 0) {
        continue; // ended (or not started)
      }
      long allocated = bytes == null ? 0 : Math.max(0, bytes[i]);
      long[] last = lastByThread.get(ids[i]);
      long cpuDelta = Math.max(0, cpu[i] - (last == null ? 0 : last[0]));
      long bytesDelta = Math.max(0, allocated - (last == null ? 0 : last[1]));
      javaNanos += cpuDelta;
      allBytes += bytesDelta;
      if (sdkIds.contains(ids[i])) {
        sdkThreadsTotal += cpuDelta;
        sdkBytes += bytesDelta;
      }
      now.put(ids[i], new long[] {cpu[i], allocated});
    }
    lastByThread = now;
    long requestBytes = requestCost.allocatedBytes();
    if (lastProcess >= 0 && bytes != null) {
      jvmTotal += attributed(process - lastProcess - javaNanos, sdkBytes + requestBytes - lastRequestBytes, allBytes);
    }
    lastProcess = process;
    lastRequestBytes = requestBytes;
    return new LoadShedding.CpuMeter.Reading(process, sdkThreadsTotal, requestCost.nanos(), jvmTotal);
  }

  /**
   * The SDK's part of the CPU no Java thread accounts for: {@code unaccountedNanos} (clamped at 0,
   * since the process clock is coarser than the threads') times its share of the bytes allocated
   * (at most all of it).
   */
  static long attributed(long unaccountedNanos, long sdkBytes, long allBytes) {
    if (unaccountedNanos <= 0 || sdkBytes <= 0 || allBytes <= 0) {
      return 0;
    }
    return (long) (unaccountedNanos * Math.min(1.0, (double) sdkBytes / allBytes));
  }

  private static long[] cpuTimes(ThreadMXBean bean, long[] ids) {
    if (bean instanceof com.sun.management.ThreadMXBean sun) {
      return sun.getThreadCpuTime(ids);
    }
    long[] cpu = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      cpu[i] = bean.getThreadCpuTime(ids[i]);
    }
    return cpu;
  }

  private void logGapsOnce() {
    if (gapsLogged) {
      return;
    }
    gapsLogged = true;
    if (!requestCost.measuresCpu()) {
      LOG.debug("Moesif: this JVM does not measure the current thread's CPU time; the SDK's CPU share"
          + " (MAX_SDK_CPU_PERCENT) leaves out its work on request threads");
    }
    if (allocationBean == null || !requestCost.measuresAllocation()) {
      LOG.debug("Moesif: this JVM does not measure threads' allocated bytes; the SDK's CPU share"
          + " (MAX_SDK_CPU_PERCENT) leaves out {}",
          allocationBean == null ? "its part of the garbage collection and other JVM work"
              : "the allocation of its work on request threads from its part of the garbage collection");
    }
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
