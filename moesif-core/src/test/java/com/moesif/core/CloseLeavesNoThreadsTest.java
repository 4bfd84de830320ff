package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.testkit.CollectorDouble;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * behaviour.md §6: no thread is left behind after close. Closing right after start races the
 * start-up config and rules fetch; the JDK's HTTP body stream ignores interrupts, so close has to
 * let that fetch finish rather than rely on interrupting it.
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
}
