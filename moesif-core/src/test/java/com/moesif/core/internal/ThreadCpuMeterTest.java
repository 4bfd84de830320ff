package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.MoesifConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The CPU-share trigger's readings: real threads, real CPU clocks. */
class ThreadCpuMeterTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void countsWhatTheSdkThreadsUseAndNeverGoesBackWhenOneEnds() throws Exception {
    List<Thread> sdkThreads = new CopyOnWriteArrayList<>();
    ThreadCpuMeter meter = new ThreadCpuMeter(() -> sdkThreads);
    assumeThat(meter.supported()).as("this JVM measures thread CPU time").isTrue();
    assertThat(meter.sdkNanos()).isZero();

    AtomicBoolean stop = new AtomicBoolean();
    Thread spinner = new Thread(() -> {
      long x = 0;
      while (!stop.get()) {
        x += System.nanoTime() % 7;
      }
      if (x == 42) {
        System.out.print("");
      }
    }, "moesif-test-spinner");
    spinner.start();
    sdkThreads.add(spinner);
    sdkThreads.add(spinner); // listed twice: counted once
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> THREADS.getThreadCpuTime(spinner.getId()) > 50_000_000L);
      long read = meter.sdkNanos();
      assertThat(read).isGreaterThan(50_000_000L).isLessThanOrEqualTo(THREADS.getThreadCpuTime(spinner.getId()));
      long process = meter.processNanos();
      assertThat(process).isGreaterThanOrEqualTo(read - 10_000_000L); // the process clock ticks in 10 ms
    } finally {
      stop.set(true);
      spinner.join();
    }
    long beforeEnd = meter.sdkNanos();
    assertThat(meter.sdkNanos()).as("an ended thread drops out without taking its past").isEqualTo(beforeEnd);
    assertThat(meter.processors()).isPositive();
  }

  @Test
  void theCollectorClientKnowsItsSelectorThread() {
    MoesifConfig config = MoesifConfig.builder().applicationId("app").build();
    CollectorClient client = new CollectorClient(config, new Counters(), new OnceLogger(), "test");
    try {
      assertThat(client.threads())
          .as("the JDK's client names its selector HttpClient-<id>-SelectorManager")
          .singleElement()
          .satisfies(t -> assertThat(t.getName()).matches("HttpClient-\\d+-SelectorManager"));
    } finally {
      client.close();
    }
  }
}
