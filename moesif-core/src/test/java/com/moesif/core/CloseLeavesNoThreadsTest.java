package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.testkit.CollectorDouble;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      // The fetch stays unanswered until the test lets it, and the SDK would wait for it far
      // longer than the test does: a close that waited for it would not return.
      CountDownLatch answer = new CountDownLatch(1);
      collector.respondWith(CollectorDouble.heldBy(answer, r -> CollectorDouble.Reply.ok()));
      try {
        Moesif moesif =
            Moesif.create(
                MoesifConfig.builder().applicationId("close-test").baseUri(collector.baseUri())
                    .requestTimeout(Duration.ofSeconds(60)).shutdownHook(false).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> !collector.requests("/v1/config").isEmpty());
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> moesif.close(Duration.ofMillis(300)));
        closed.get(10, TimeUnit.SECONDS);
        assertThat(answer.getCount()).as("the fetch was still unanswered when close returned").isEqualTo(1);
      } finally {
        answer.countDown();
      }
      await().atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
              .filteredOn(t -> t.isAlive() && t.getName().startsWith("moesif-"))
              .extracting(Thread::getName)
              .isEmpty());
    }
  }
}
