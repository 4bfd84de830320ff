package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.FakeHttp;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine's request-thread sections, as every adapter drives them: a call's start and its end
 * are each measured when sampled, shed calls included, so the CPU-share trigger sees the SDK's
 * work on request threads whatever the framework.
 */
class RequestSectionsTest {
  /** A fake allocation counter that counts each reading: each measured section reads exactly 1 byte. */
  private long allocated;

  /** A meter that measures every section (no sampling), on the fake counter. */
  private final RequestThreadCost everySection = new RequestThreadCost(1, null, () -> allocated++, () -> 0);

  private final LoadShedding.CpuMeter meter = new IdleCpuMeter(everySection);

  @Test
  void everyCallsStartAndEndAreMeasuredWhetherKeptOrShed() {
    MoesifConfig config =
        MoesifConfig.builder().applicationId("app").baseUri(URI.create("http://127.0.0.1:9")).shutdownHook(false).build();
    Counters counters = new Counters();
    OnceLogger onceLogger = new OnceLogger();
    EventQueue queue = new EventQueue(config.eventQueueSize(), config.maxQueueBytes(), counters);
    CollectorClient client = new CollectorClient(config, counters, onceLogger, "test");
    try {
      ServerConfigRefresher remote = new ServerConfigRefresher(client, Duration.ofMinutes(1), counters);
      // Any queued event counts as a backlog (nothing ships here), so once raised, w never steps back.
      LoadShedding shedding =
          new LoadShedding(true, 60_000, 1, config.eventQueueSize(), queue, counters, () -> true, 20, meter);
      CaptureEngine engine =
          CaptureEngines.create(new CaptureEngineCore(config, counters, queue, onceLogger, remote, shedding));
      for (int i = 0; i < 10; i++) {
        call(engine, 200);
      }
      assertThat(everySection.allocatedBytes()).as("two sections a call").isEqualTo(20);

      shedding.step(0, queue.queuedEvents(), queue.queuedBytes(), true);
      assertThat(shedding.divisor()).as("shipping behind").isGreaterThan(1);
      long shedBefore = counters.shed.sum();
      for (int i = 0; i < 10; i++) {
        call(engine, 200);
      }
      assertThat(counters.shed.sum()).isGreaterThan(shedBefore);
      assertThat(everySection.allocatedBytes()).as("shed calls' sections are the SDK's cost too").isEqualTo(40);
    } finally {
      client.close();
    }
  }

  private static void call(CaptureEngine engine, int status) {
    Exchange exchange = engine.startIncoming(FakeHttp.request("GET", "http://127.0.0.1:8080/items"));
    assertThat(exchange).isNotNull();
    exchange.end(FakeHttp.response(status), null);
  }

  @Test
  void statsReportTheShareAsZeroUntilTheFirstWindowIsMeasured() {
    try (CollectorDouble collector = CollectorDouble.start();
        Moesif moesif =
            Moesif.create(MoesifConfig.builder().applicationId("app").baseUri(collector.baseUri()).shutdownHook(false).build())) {
      Exchange exchange =
          moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://127.0.0.1:8080/items"));
      assertThat(exchange).isNotNull();
      exchange.end(FakeHttp.response(200), null);
      MoesifStats stats = moesif.stats();
      assertThat(stats.captured()).isEqualTo(1);
      assertThat(stats.sdkCpuPercent()).as("the first window ends 31 s after start").isZero();
    }
  }
}
