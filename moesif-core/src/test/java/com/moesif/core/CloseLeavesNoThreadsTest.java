package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.testkit.CollectorDouble;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * behaviour.md §6: no thread is left behind after close, and close keeps its deadline. Closing
 * right after start races the start-up config and rules fetch, which must be interruptible.
 */
class CloseLeavesNoThreadsTest {

  @Test
  void closingRightAfterStartLeavesNoMoesifThread() throws Exception {
    try (CollectorDouble collector = CollectorDouble.start()) {
      for (int i = 0; i < 150; i++) {
        Moesif moesif =
            Moesif.create(
                MoesifConfig.builder().applicationId("close-test").baseUri(collector.baseUri()).shutdownHook(false).build());
        if (i % 3 == 1) {
          Thread.sleep(i % 7); // land the close at different points of the start-up fetch
        }
        moesif.close(Duration.ofSeconds(5));
      }
      await("every moesif- thread to end")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
              .filteredOn(t -> t.isAlive() && t.getName().startsWith("moesif-"))
              .extracting(Thread::getName)
              .isEmpty());
    }
  }

  @Test
  void closeKeepsItsDeadlineWhileAConfigFetchHangs() throws Exception {
    try (CollectorDouble collector = CollectorDouble.start()) {
      collector.respondWith(r -> CollectorDouble.Reply.ok().after(Duration.ofSeconds(20)));
      Moesif moesif =
          Moesif.create(
              MoesifConfig.builder().applicationId("close-test").baseUri(collector.baseUri()).shutdownHook(false).build());
      await().atMost(Duration.ofSeconds(5)).until(() -> !collector.requests("/v1/config").isEmpty());
      long start = System.nanoTime();
      moesif.close(Duration.ofMillis(300));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
      await().atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
              .filteredOn(t -> t.isAlive() && t.getName().startsWith("moesif-"))
              .extracting(Thread::getName)
              .isEmpty());
    }
  }
}
