package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.moesif.core.Direction;
import com.moesif.core.testkit.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The divisor controller, the decision at a call's start, and the outage's thinning. */
class LoadSheddingTest {
  private static final long MAX_AGE = 1000;
  private static final long MAX_BYTES = 1 << 20;
  private static final int MAX_EVENTS = 10_000;

  private final Counters counters = new Counters();
  private final EventQueue queue = new EventQueue(MAX_EVENTS, MAX_BYTES, counters);
  private final AtomicBoolean answering = new AtomicBoolean(true);
  private final LoadShedding shedding =
      new LoadShedding(
          true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, 0, LoadShedding.CpuMeter.NONE);

  /** A controller look with the collector answering, the queue {@code ageMillis} old and {@code queued} long. */
  private void look(long ageMillis, int queued) {
    shedding.step(ageMillis, queued, 0, true);
  }

  /** Two looks per step: a rise waits one look for its effect on the queue. */
  private void behind(int queued) {
    look(MAX_AGE + 1, queued);
    look(MAX_AGE + 1, queued);
  }

  @Test
  void risesWhileBehindAndNotDrainingThenHoldsWhileDraining() {
    List<Integer> divisors = new ArrayList<>();
    for (int queued = 100; queued <= 1300; queued += 100) {
      look(MAX_AGE + 1, queued);
      divisors.add(shedding.divisor());
    }
    assertThat(divisors).containsExactly(2, 2, 3, 3, 4, 4, 6, 6, 9, 9, 13, 13, 19);
    look(MAX_AGE + 1, 1200); // behind, but draining: the last step is taking effect
    look(MAX_AGE + 1, 1100);
    look(MAX_AGE + 1, 1000);
    assertThat(shedding.divisor()).isEqualTo(19);
  }

  @Test
  void stepsDownOnlyAfterThreeCalmLooksInARowAndHoldsBetweenTheMarks() {
    behind(10);
    behind(20);
    behind(30);
    assertThat(shedding.divisor()).isEqualTo(4);

    look(MAX_AGE / 2, 5); // between the marks: neither behind nor caught up
    look(MAX_AGE / 2, 5);
    look(MAX_AGE / 2, 5);
    look(MAX_AGE / 2, 5);
    assertThat(shedding.divisor()).as("held between the marks").isEqualTo(4);

    look(0, 0);
    look(0, 0);
    look(MAX_AGE / 2, 5); // one look that is not calm starts the count again
    look(0, 0);
    look(0, 0);
    assertThat(shedding.divisor()).isEqualTo(4);
    look(0, 0);
    assertThat(shedding.divisor()).isEqualTo(2);
    look(0, 0);
    look(0, 0);
    look(0, 0);
    assertThat(shedding.divisor()).isEqualTo(1);
  }

  @Test
  void aFullQueueByBytesOrEventsIsBehindEvenWhenYoung() {
    shedding.step(0, 1, MAX_BYTES / 8 + 1, true);
    assertThat(shedding.divisor()).isEqualTo(2);
    shedding.step(0, MAX_EVENTS / 2 + 1, 0, true);
    shedding.step(0, MAX_EVENTS / 2 + 1, 0, true);
    assertThat(shedding.divisor()).isEqualTo(3);
  }

  @Test
  void admitKeepsExactlyOneCallInEachRunOfTheDivisor() {
    behind(1);
    behind(2);
    assertThat(shedding.divisor()).isEqualTo(3);
    int kept = 0;
    for (int i = 0; i < 3 * 1000; i++) {
      int w = shedding.admit();
      assertThat(w).isIn(0, 3);
      if (w == 3) {
        kept++;
      }
    }
    assertThat(kept).isEqualTo(1000);
  }

  @Test
  void admitKeepsEveryCallWithWeightOneWhenNotShedding() {
    for (int i = 0; i < 100; i++) {
      assertThat(shedding.admit()).isEqualTo(1);
    }
  }

  @Test
  void oneLogLineWhenSheddingStartsAndOneWhenItStopsWithTheDivisor() {
    try (LogCapture log = LogCapture.start()) {
      behind(1);
      behind(2);
      behind(3);
      for (int i = 0; i < 3 * LoadShedding.CALM_TICKS; i++) {
        look(0, 0);
      }
      assertThat(shedding.divisor()).isEqualTo(1);
      List<String> lines = log.lines().stream().filter(l -> l.contains("load shedding")).toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).contains("keeps 1 successful call in 2");
      assertThat(lines.get(1)).contains("stopped").contains("highest divisor 4");
    }
  }

  @Test
  void duringAnOutageAgeDoesNotRaiseTheDivisorButAHalfFullQueueIsThinnedAndDoublesIt() {
    answering.set(false);
    shedding.step(MAX_AGE * 100, 10, MAX_BYTES / 4, false);
    assertThat(shedding.divisor()).as("an outage is not overload").isEqualTo(1);

    for (int i = 0; i < 6; i++) {
      assertThat(queue.offer(event(200, 1))).isTrue();
    }
    assertThat(queue.offer(event(500, 1))).isTrue();
    shedding.step(MAX_AGE * 100, queue.queuedEvents(), MAX_BYTES / 2 + 1, false);
    assertThat(shedding.divisor()).isEqualTo(2);
    assertThat(queue.queuedEvents()).as("three pairs of successes merged, the error kept").isEqualTo(4);
    assertThat(counters.shed.sum()).isEqualTo(3);
    assertThat(queue.pending()).isEqualTo(4);
  }

  @Test
  void thinningKeepsTheWeightedTotalOfSuccessesAndEveryError() throws Exception {
    for (int i = 0; i < 9; i++) {
      queue.offer(event(200, i % 3 + 1));
    }
    queue.offer(event(404, 1));
    queue.offer(event(503, 2));
    assertThat(queue.thin()).isEqualTo(4);
    List<PendingEvent> left = new ArrayList<>();
    PendingEvent e;
    while ((e = queue.poll(0)) != null) {
      left.add(e);
    }
    queue.done(left.size());
    assertThat(left.stream().filter(p -> p.status() < 400).mapToInt(PendingEvent::weight).sum())
        .isEqualTo(3 * (1 + 2 + 3));
    assertThat(left.stream().filter(p -> p.status() < 400)).hasSize(5);
    assertThat(left.stream().filter(p -> p.status() >= 400).map(PendingEvent::weight)).containsExactlyInAnyOrder(1, 2);
    assertThat(queue.pending()).isZero();
  }

  @Test
  void weightsCompose() {
    assertThat(LoadShedding.weight(200, 3, 2)).as("a route at 50% under w = 3").isEqualTo(6);
    assertThat(LoadShedding.weight(302, 4, 1)).isEqualTo(4);
    assertThat(LoadShedding.weight(500, 3, 2)).as("errors stand for themselves, times the server's").isEqualTo(2);
    assertThat(LoadShedding.weight(404, 0, 1)).as("an error shed at its start").isEqualTo(1);
    assertThat(LoadShedding.weight(200, 1, 1)).isEqualTo(1);
  }

  @Test
  void offNeverSheds() {
    LoadShedding off = LoadShedding.off(queue, counters);
    off.tick(System.currentTimeMillis());
    off.step(MAX_AGE * 10, 1000, MAX_BYTES, true);
    assertThat(off.divisor()).isEqualTo(1);
    assertThat(off.admit()).isEqualTo(1);
  }

  /**
   * Fake CPU readings: the app's own work is {@code appLoad} of one processor; the SDK's threads'
   * work is {@code sdkLoadAtOne}, its work on request threads {@code requestLoadAtOne} and its part
   * of the JVM's work {@code jvmLoadAtOne}, each divided by the divisor in force (it keeps 1 call in
   * {@code w}); {@link #elapse} advances the fake clock a controller look at a time, the readings
   * with it.
   */
  private static final class FakeCpu implements LoadShedding.CpuMeter {
    boolean supported = true;
    double appLoad;
    double sdkLoadAtOne;
    double requestLoadAtOne;
    double jvmLoadAtOne;
    /** When false, the SDK's work does not shrink with the divisor (e.g. all of it on errors). */
    boolean sdkFollowsDivisor = true;
    /**
     * A saturated process: it uses its whole processor whatever the divisor, since the app's
     * requests take what the SDK's shed work frees ({@code appLoad} is then ignored).
     */
    boolean saturated;
    /** The machine's load: only the process's own counts unless this is 0.9 or more. */
    double systemLoad;
    long sdk;
    long request;
    long jvm;
    long process;
    long now = 1_000_000;

    @Override
    public boolean supported() {
      return supported;
    }

    int reads;

    @Override
    public Reading read() {
      reads++;
      return new Reading(process, sdk, request, jvm);
    }

    @Override
    public int processors() {
      return 1;
    }

    @Override
    public double systemLoad() {
      return systemLoad;
    }

    /** {@code millis} of fake time, one controller look every {@link LoadShedding#TICK_MILLIS}. */
    void elapse(LoadShedding shedding, long millis) {
      for (long t = 0; t < millis; t += LoadShedding.TICK_MILLIS) {
        advance(shedding, LoadShedding.TICK_MILLIS);
        shedding.tick(now);
      }
    }

    /** {@code millis} of fake time and the CPU used in it, without a look. */
    void advance(LoadShedding shedding, long millis) {
      int w = sdkFollowsDivisor ? shedding.divisor() : 1;
      long stepNanos = millis * 1_000_000;
      long threads = (long) (sdkLoadAtOne / w * stepNanos);
      long requests = (long) (requestLoadAtOne / w * stepNanos);
      long gc = (long) (jvmLoadAtOne / w * stepNanos);
      sdk += threads;
      request += requests;
      jvm += gc;
      process += saturated ? stepNanos : (long) (appLoad * stepNanos) + threads + requests + gc;
      now += millis;
    }
  }

  private final FakeCpu cpu = new FakeCpu();

  /** A controller past the JIT's warm-up, the process idle until then. */
  private LoadShedding cpuShedding(int maxCpuPercent) {
    LoadShedding shedding =
        new LoadShedding(true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, maxCpuPercent, cpu);
    cpu.elapse(shedding, LoadShedding.CPU_WARMUP_MILLIS - LoadShedding.TICK_MILLIS);
    return shedding;
  }

  @Test
  void noCpuReadingDuringTheJitWarmUp() {
    LoadShedding shedding =
        new LoadShedding(true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, 20, cpu);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.45;
    int warmUpWindows = (int) (LoadShedding.CPU_WARMUP_MILLIS / LoadShedding.CPU_WINDOW_MILLIS);
    assertThat(windows(shedding, warmUpWindows)).containsOnly(1);
    assertThat(windows(shedding, 3)).containsExactly(1, 2, 3);
  }

  /** The divisor at the end of each of {@code windows} CPU windows. */
  private List<Integer> windows(LoadShedding shedding, int windows) {
    List<Integer> divisors = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      cpu.elapse(shedding, LoadShedding.CPU_WINDOW_MILLIS);
      divisors.add(shedding.divisor());
    }
    return divisors;
  }

  @Test
  void requestThreadsNeverReadTheCpuWhileTheWorkersLooksStillEndEveryWindow() {
    LoadShedding shedding =
        new LoadShedding(true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, 20, cpu);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.45;
    List<Integer> divisors = new ArrayList<>();
    long run = LoadShedding.CPU_WARMUP_MILLIS + 5 * LoadShedding.CPU_WINDOW_MILLIS;
    for (long t = 0; t < run; t += 10) {
      cpu.advance(shedding, 10);
      int readsBefore = cpu.reads;
      shedding.tickFromRequestThread(cpu.now); // a call's start every 10 ms takes every queue look
      assertThat(cpu.reads).as("reads on a request thread").isEqualTo(readsBefore);
      if (t % 250 == 0) {
        shedding.tick(cpu.now); // a worker after each batch
      }
      if (t % LoadShedding.CPU_WINDOW_MILLIS == 0) {
        divisors.add(shedding.divisor());
      }
    }
    assertThat(cpu.reads).as("one reading per window, from the workers").isGreaterThanOrEqualTo(5);
    assertThat(divisors.get(divisors.size() - 1)).as("the windows the workers ended raised the divisor").isGreaterThan(1);
  }

  @Test
  void cpuShareOverTheCapOnABusyProcessRaisesTheDivisorOnceAWindowThenHoldsUnderIt() {
    LoadShedding shedding = cpuShedding(20);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.45; // 45% of a saturated process
    try (LogCapture log = LogCapture.start()) {
      // first window: the baseline; then 1 -> 2 (share 45%), 2 -> 3 (22.5%), and at 3 (15%) it
      // holds: halving would bring back 45%, over the cap
      assertThat(windows(shedding, 12)).containsExactly(1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
      List<String> lines = log.lines().stream().filter(l -> l.contains("load shedding")).toList();
      assertThat(lines).singleElement().asString()
          .contains("SDK uses 45% of the process's CPU")
          .contains("its threads 45%, its work on request threads 0%, its part of GC and JVM work 0%")
          .contains("MAX_SDK_CPU_PERCENT=20")
          .contains("keeps 1 successful call in 2");
    }
  }

  @Test
  void cpuShareStepsBackWhenHalvingTheDivisorStaysWellUnderTheCapAndSaysSo() {
    LoadShedding shedding = cpuShedding(20);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.45;
    windows(shedding, 4);
    assertThat(shedding.divisor()).isEqualTo(3);
    try (LogCapture log = LogCapture.start()) {
      cpu.sdkLoadAtOne = 0.08; // the traffic turns cheap to ship: 8% at w = 1
      cpu.elapse(shedding, LoadShedding.CPU_WINDOW_MILLIS + (LoadShedding.CALM_TICKS + 1) * LoadShedding.TICK_MILLIS);
      assertThat(shedding.divisor()).isEqualTo(1);
      assertThat(windows(shedding, 5)).containsOnly(1);
      assertThat(log.lines().stream().filter(l -> l.contains("load shedding")))
          .singleElement().asString()
          .contains("CPU share is under its cap").contains("stopped").contains("highest divisor 3");
    }
  }

  @Test
  void aStepBackLandsOnlyWhereTheProjectedShareStaysUnderThreeQuartersOfTheCap() {
    LoadShedding shedding = cpuShedding(20);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.9; // shares 90%, 45%, 30%, 22.5%, then 15% at 6
    assertThat(windows(shedding, 8)).containsExactly(1, 2, 3, 4, 6, 6, 6, 6);
    cpu.sdkLoadAtOne = 0.18; // 18% at w = 1: under the cap, but not by a quarter
    List<Integer> divisors = windows(shedding, 10);
    assertThat(divisors).as("6 -> 3, then held: 3 -> 1 would land within the margin").endsWith(3, 3, 3, 3, 3);
    assertThat(divisors).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void anIdleOrLightlyLoadedProcessNeverShedsForCpuWhateverTheSdkShare() {
    LoadShedding shedding = cpuShedding(20);
    cpu.appLoad = 0.05;
    cpu.sdkLoadAtOne = 0.4; // 89% of a process using 45% of its processor
    assertThat(windows(shedding, 10)).containsOnly(1);
    cpu.appLoad = 0;
    cpu.sdkLoadAtOne = 0.02;
    assertThat(windows(shedding, 5)).containsOnly(1);
    cpu.appLoad = 0.45;
    cpu.sdkLoadAtOne = 0.3; // a fixed rate well under capacity: 75% of its processor, 40% of it the SDK's
    assertThat(windows(shedding, 10)).containsOnly(1);
  }

  @Test
  void aProcessStarvedByABusyMachineIsBusyFromAQuarterOfItsProcessors() {
    LoadShedding shedding = cpuShedding(20);
    cpu.appLoad = 0.2;
    cpu.sdkLoadAtOne = 0.12; // the process gets 32% of its processor, 37% of it the SDK's
    assertThat(windows(shedding, 4)).as("the machine has room").containsOnly(1);
    cpu.systemLoad = 0.95;
    // 1 -> 2 (37%), 2 -> 3 (23% of 26%), then at 3 the process is under a quarter: it holds
    assertThat(windows(shedding, 6)).containsExactly(2, 3, 3, 3, 3, 3);
    cpu.systemLoad = 0.3;
    assertThat(windows(shedding, 3)).as("the machine has room again").endsWith(1);
  }

  @Test
  void aProcessBusyOnlyWhileUnshedHoldsInsteadOfTakingTurns() {
    LoadShedding shedding = cpuShedding(20);
    cpu.appLoad = 0.6;
    cpu.sdkLoadAtOne = 0.35; // 95% busy, share 37%; at w = 2 the process is at 78%, not busy
    assertThat(windows(shedding, 15)).containsExactly(1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
  }

  @Test
  void noFurtherRiseForCpuWhenTheLastRiseDidNotLowerTheShare() {
    LoadShedding shedding = cpuShedding(20);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.45;
    cpu.sdkFollowsDivisor = false; // the SDK's work is not on sheddable calls
    assertThat(windows(shedding, 10)).containsExactly(1, 2, 2, 2, 2, 2, 2, 2, 2, 2);
  }

  @Test
  void theCpuTriggerIsOffWhenUnsupportedSaidOnceOrAtZero() {
    cpu.appLoad = 0.6;
    cpu.sdkLoadAtOne = 0.4;
    cpu.supported = false;
    try (LogCapture log = LogCapture.start()) {
      LoadShedding unsupported = cpuShedding(20);
      assertThat(windows(unsupported, 5)).containsOnly(1);
      assertThat(log.lines().stream().filter(l -> l.contains("MAX_SDK_CPU_PERCENT")))
          .singleElement().asString().contains("does not measure thread CPU time");
    }
    cpu.supported = true;
    try (LogCapture log = LogCapture.start()) {
      LoadShedding zero = cpuShedding(0);
      assertThat(windows(zero, 5)).containsOnly(1);
      assertThat(log.lines()).noneMatch(l -> l.contains("MAX_SDK_CPU_PERCENT"));
    }
  }

  @Test
  void theQueueTriggerRisesAndStepsBackAsBeforeWhileTheCpuIsCalm() {
    LoadShedding shedding = cpuShedding(20);
    cpu.appLoad = 0.6;
    cpu.sdkLoadAtOne = 0.02;
    windows(shedding, 2);
    shedding.step(MAX_AGE + 1, 10, 0, true);
    assertThat(shedding.divisor()).as("the queue behind, the CPU calm").isEqualTo(2);
    cpu.elapse(shedding, LoadShedding.CALM_TICKS * LoadShedding.TICK_MILLIS);
    assertThat(shedding.divisor()).as("the queue caught up, the CPU calm").isEqualTo(1);
  }

  @Test
  void workOnRequestThreadsAndTheSdksPartOfGcPushTheShareOverTheCapThenItStepsBack() {
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.15; // the SDK's threads alone: under the cap
    assertThat(windows(cpuShedding(20), 5)).as("its threads alone are under the cap").containsOnly(1);
    cpu.requestLoadAtOne = 0.20;
    cpu.jvmLoadAtOne = 0.10; // 45% in all
    try (LogCapture log = LogCapture.start()) {
      LoadShedding shedding = cpuShedding(20);
      // the first window: the baseline; then 1 -> 2 (45%), 2 -> 3 (22.5%); at 3 (15%) it holds
      assertThat(windows(shedding, 8)).containsExactly(1, 2, 3, 3, 3, 3, 3, 3);
      assertThat(shedding.sdkCpuPercent()).isCloseTo(15, within(0.5));
      cpu.sdkLoadAtOne = 0.05;
      cpu.requestLoadAtOne = 0.02;
      cpu.jvmLoadAtOne = 0.01; // 8% at w = 1: halving lands well under the cap
      cpu.elapse(shedding, LoadShedding.CPU_WINDOW_MILLIS + (LoadShedding.CALM_TICKS + 1) * LoadShedding.TICK_MILLIS);
      assertThat(windows(shedding, 3)).containsOnly(1);
      List<String> lines = log.lines().stream().filter(l -> l.contains("load shedding")).toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0))
          .contains("SDK uses 45% of the process's CPU")
          .contains("its threads 15%, its work on request threads 20%, its part of GC and JVM work 10%")
          .contains("keeps 1 successful call in 2");
      assertThat(lines.get(1)).contains("stopped").containsPattern("CPU share is under its cap \\(\\d+% last measured\\)");
    }
  }

  @Test
  void whatTheJvmCannotMeasureReadsZeroAndTheTriggerWorksOnTheRest() {
    LoadShedding shedding = cpuShedding(20);
    cpu.saturated = true;
    cpu.sdkLoadAtOne = 0.45; // request threads' CPU and allocation unmeasured: those parts read 0
    assertThat(windows(shedding, 4)).containsExactly(1, 2, 3, 3);
    assertThat(shedding.sdkCpuPercent()).isCloseTo(15, within(0.5));
  }

  @Test
  void theShareReadsZeroBeforeTheFirstWindowThenTheLastWindowsShare() {
    LoadShedding shedding =
        new LoadShedding(true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, 20, cpu);
    cpu.appLoad = 0.3;
    cpu.sdkLoadAtOne = 0.06;
    cpu.requestLoadAtOne = 0.03;
    cpu.jvmLoadAtOne = 0.01; // 10% of a process at 40%: measured, not busy, never shed
    cpu.elapse(shedding, LoadShedding.CPU_WARMUP_MILLIS + LoadShedding.CPU_WINDOW_MILLIS / 2);
    assertThat(shedding.sdkCpuPercent()).as("before the first window").isZero();
    windows(shedding, 2);
    assertThat(shedding.sdkCpuPercent()).isCloseTo(25, within(0.5));
    assertThat(shedding.divisor()).isEqualTo(1);
  }

  @Test
  void noRequestSectionIsMeasuredWhileTheCpuTriggerIsOff() {
    RequestThreadCost everySection = new RequestThreadCost(1, () -> 0L, () -> 0L, () -> 0);
    LoadShedding.CpuMeter meter = new IdleCpuMeter(everySection);
    LoadShedding on = new LoadShedding(true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, 20, meter);
    LoadShedding atZero = new LoadShedding(true, MAX_AGE, MAX_BYTES, MAX_EVENTS, queue, counters, answering::get, 0, meter);
    assertThat(on.requestSection()).isNotNull();
    assertThat(atZero.requestSection()).isNull();
    assertThat(LoadShedding.off(queue, counters).requestSection()).isNull();
  }

  private static PendingEvent event(int status, int weight) {
    return new PendingEvent(
        Direction.INCOMING, 1L, 2L, "http://api.test/x", "GET", new String[0], null, null, null, status,
        new String[0], null, null, null, null, null, weight, null, null);
  }
}
