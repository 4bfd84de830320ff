package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sampled estimate of the SDK's work on request threads: a fake thread clock, a chosen sample. */
class RequestThreadCostTest {
  /** The fake current thread's CPU clock and allocation counter. */
  private long cpuNanos;
  private long allocatedBytes;

  /** One section that costs {@code nanos} of CPU and allocates {@code bytes}. */
  private void section(RequestThreadCost cost, long nanos, long bytes) {
    RequestThreadCost.Section section = cost.start();
    cpuNanos += nanos;
    allocatedBytes += bytes;
    if (section != null) {
      section.end();
    }
  }

  @Test
  void oneSectionInEveryNMeasuredAndScaledUpByN() {
    int[] next = {0};
    RequestThreadCost cost = new RequestThreadCost(64, () -> cpuNanos, () -> allocatedBytes, () -> next[0]++);
    for (int i = 0; i < 64 * 100; i++) {
      section(cost, 1_000, 200);
      cpuNanos += 50_000; // the application's own work between the SDK's sections is not counted
      allocatedBytes += 10_000;
    }
    assertThat(cost.nanos()).isEqualTo(64L * 100 * 1_000);
    assertThat(cost.allocatedBytes()).isEqualTo(64L * 100 * 200);
  }

  @Test
  void aRandomSampleEstimatesTheTotalWithoutBias() {
    Random random = new Random(17);
    RequestThreadCost cost = new RequestThreadCost(64, () -> cpuNanos, () -> allocatedBytes, random::nextInt);
    long total = 0;
    for (int i = 0; i < 200_000; i++) {
      long nanos = 500 + (i % 7) * 300; // sections of different costs
      section(cost, nanos, 100);
      total += nanos;
    }
    assertThat((double) cost.nanos()).isCloseTo(total, within(0.05 * total));
    assertThat((double) cost.allocatedBytes()).isCloseTo(200_000 * 100.0, within(0.05 * 200_000 * 100));
  }

  @Test
  void whatReadingTheClockCostsIsNotCountedAsTheSdksWork() {
    int[] next = {0};
    // Each reading of the clock itself takes 1,400 ns of the thread's CPU.
    RequestThreadCost cost = new RequestThreadCost(64, () -> cpuNanos += 1_400, () -> allocatedBytes, () -> next[0]++);
    for (int i = 0; i < 64 * 100; i++) {
      section(cost, 3_000, 0);
    }
    assertThat(cost.nanos()).isEqualTo(64L * 100 * 3_000);
  }

  @Test
  void sectionsShorterThanTheClocksJitterStillSumWithoutBias() {
    int[] next = {0};
    Random jitter = new Random(7);
    // Each reading costs 400 to 600 ns, at random; the sections cost 50 ns each, often less than
    // the difference between two readings' costs, so single samples come out negative.
    RequestThreadCost cost =
        new RequestThreadCost(1, () -> cpuNanos += 400 + jitter.nextInt(201), () -> allocatedBytes, () -> next[0]++);
    for (int i = 0; i < 30_000; i++) {
      section(cost, 50, 0);
    }
    assertThat((double) cost.nanos()).isCloseTo(30_000 * 50.0, within(30_000 * 50.0 * 0.05));
  }

  @Test
  void whatIsUnavailableReadsZeroAndTheRestIsStillMeasured() {
    int[] next = {0};
    RequestThreadCost noCpu = new RequestThreadCost(2, null, () -> allocatedBytes, () -> next[0]++);
    for (int i = 0; i < 10; i++) {
      section(noCpu, 1_000, 100);
    }
    assertThat(noCpu.measuresCpu()).isFalse();
    assertThat(noCpu.nanos()).isZero();
    assertThat(noCpu.allocatedBytes()).isEqualTo(1_000);

    RequestThreadCost failing =
        new RequestThreadCost(1, () -> { throw new UnsupportedOperationException("a virtual thread"); }, () -> -1L, () -> 0);
    section(failing, 1_000, 100);
    assertThat(failing.nanos()).isZero();
    assertThat(failing.allocatedBytes()).isZero();

    RequestThreadCost none = RequestThreadCost.none();
    assertThat(none.start()).isNull();
    assertThat(none.measuresCpu()).isFalse();
    assertThat(none.measuresAllocation()).isFalse();
  }
}
