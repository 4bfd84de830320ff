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
    ThreadCpuMeter meter = new ThreadCpuMeter(() -> sdkThreads, RequestThreadCost.none());
    assumeThat(meter.supported()).as("this JVM measures thread CPU time").isTrue();
    assertThat(meter.read().sdkThreads()).isZero();

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
      LoadShedding.CpuMeter.Reading reading = meter.read();
      long read = reading.sdkThreads();
      assertThat(read).isGreaterThan(50_000_000L).isLessThanOrEqualTo(THREADS.getThreadCpuTime(spinner.getId()));
      assertThat(reading.process()).isGreaterThanOrEqualTo(read - 10_000_000L); // the process clock ticks in 10 ms
      assertThat(reading.requestThreads()).isZero();
      assertThat(reading.jvm()).isNotNegative();
    } finally {
      stop.set(true);
      spinner.join();
    }
    long beforeEnd = meter.read().sdkThreads();
    assertThat(meter.read().sdkThreads()).as("an ended thread drops out without taking its past").isEqualTo(beforeEnd);
    assertThat(meter.processors()).isPositive();
  }

  @Test
  void countsTheSdksSectionsOnRequestThreadsMeasuredOnThisThread() {
    RequestThreadCost everySection =
        new RequestThreadCost(1, THREADS::getCurrentThreadCpuTime, null, () -> 0);
    ThreadCpuMeter meter = new ThreadCpuMeter(List::of, everySection);
    assumeThat(meter.supported() && THREADS.isCurrentThreadCpuTimeSupported()).isTrue();
    long before = meter.read().requestThreads();
    RequestThreadCost.Section section = everySection.start();
    assertThat(section).isNotNull();
    long start = THREADS.getCurrentThreadCpuTime();
    long x = 0;
    while (THREADS.getCurrentThreadCpuTime() - start < 20_000_000L) {
      x += System.nanoTime() % 7;
    }
    section.end();
    assertThat(x).isNotNegative();
    assertThat(meter.read().requestThreads() - before).isGreaterThanOrEqualTo(20_000_000L);
  }

  @Test
  void theJvmsOwnWorkIsAttributedByTheSdksShareOfTheBytesAllocated() {
    assertThat(ThreadCpuMeter.attributed(1_000_000, 25, 100)).isEqualTo(250_000);
    assertThat(ThreadCpuMeter.attributed(1_000_000, 0, 100)).isZero();
    assertThat(ThreadCpuMeter.attributed(1_000_000, 300, 100)).as("at most all of it").isEqualTo(1_000_000);
    assertThat(ThreadCpuMeter.attributed(-5_000_000, 25, 100)).as("the coarser process clock lagging").isZero();
    assertThat(ThreadCpuMeter.attributed(1_000_000, 25, 0)).as("nothing allocated").isZero();
  }

  @Test
  void theJvmPartNeverDecreasesAcrossReadings() {
    List<Thread> sdkThreads = new CopyOnWriteArrayList<>();
    ThreadCpuMeter meter = new ThreadCpuMeter(() -> sdkThreads, RequestThreadCost.none());
    assumeThat(meter.supported()).isTrue();
    long last = 0;
    for (int i = 0; i < 5; i++) {
      List<byte[]> garbage = new java.util.ArrayList<>();
      for (int j = 0; j < 1000; j++) {
        garbage.add(new byte[1024]);
      }
      assertThat(garbage).hasSize(1000);
      LoadShedding.CpuMeter.Reading reading = meter.read();
      assertThat(reading.jvm()).isGreaterThanOrEqualTo(last);
      assertThat(reading.sdkThreads()).isZero(); // no SDK thread listed
      last = reading.jvm();
    }
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
