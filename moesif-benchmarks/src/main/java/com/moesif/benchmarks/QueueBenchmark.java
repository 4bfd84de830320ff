package com.moesif.benchmarks;

import com.moesif.core.internal.Counters;
import com.moesif.core.internal.EventQueue;
import com.moesif.core.internal.PendingEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queue offer (plus the matching poll, so the queue stays at a steady depth) under contention,
 * with the queue empty or already holding {@code depth} events: what a request thread pays must not
 * grow with the backlog.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueBenchmark {
  @Param({"0", "100000"})
  int depth;

  private EventQueue queue;
  private PendingEvent event;

  @Setup
  public void setUp() {
    queue = new EventQueue(1_000_000, 1L << 40, new Counters());
    event = Fixtures.pending(0);
    for (int i = 0; i < depth; i++) {
      queue.offer(event);
    }
  }

  private PendingEvent offerPoll() throws InterruptedException {
    queue.offer(event);
    PendingEvent e = queue.poll(0);
    queue.done(1);
    return e;
  }

  @Benchmark
  @Threads(1)
  public PendingEvent threads01() throws InterruptedException {
    return offerPoll();
  }

  @Benchmark
  @Threads(4)
  public PendingEvent threads04() throws InterruptedException {
    return offerPoll();
  }

  @Benchmark
  @Threads(16)
  public PendingEvent threads16() throws InterruptedException {
    return offerPoll();
  }
}
