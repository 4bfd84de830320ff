package com.moesif.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.FakeHttp;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters against a real SDK that shipped real events to a collector double. */
class MoesifMetricsTest {
  private CollectorDouble collector;
  private Moesif moesif;

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
    moesif =
        Moesif.create(
            MoesifConfig.builder()
                .applicationId("metrics-test")
                .baseUri(collector.baseUri())
                .batchTimeout(Duration.ofMillis(50))
                .shutdownHook(false)
                .skip((request, response) -> request.path().startsWith("/health"))
                .identifyUser(
                    (request, response) -> {
                      if (request.path().equals("/hook-fails")) {
                        throw new IllegalStateException("the application's hook failed");
                      }
                      return null;
                    })
                .maskEvent(event -> event.request().uri().contains("/secret") ? null : event)
                .build());
  }

  @AfterEach
  void stop() {
    moesif.close(Duration.ofSeconds(5));
    collector.close();
  }

  @Test
  void metersReportWhatBecameOfEveryCapturedEvent() {
    MeterRegistry registry = new SimpleMeterRegistry();
    new MoesifMetrics(moesif, Tags.of("app", "orders")).bindTo(registry);

    serve("/orders/1", 200);
    serve("/orders/2", 500);
    serve("/hook-fails", 200);
    serve("/secret", 200);
    serve("/health", 200);
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    collector.awaitEvents(3);

    MoesifStats stats = moesif.stats();
    assertThat(stats.sent()).isEqualTo(3);
    assertThat(count(registry, "moesif.events.captured", Tags.empty())).isEqualTo(4);
    assertThat(count(registry, "moesif.events.skipped", Tags.empty())).isEqualTo(1);
    assertThat(count(registry, "moesif.events.processed", Tags.of("outcome", "sent"))).isEqualTo(3);
    assertThat(count(registry, "moesif.events.processed", Tags.of("outcome", "filtered"))).isEqualTo(1);
    assertThat(count(registry, "moesif.events.processed", Tags.of("outcome", "dropped"))).isZero();
    assertThat(count(registry, "moesif.events.processed", Tags.of("outcome", "failed"))).isZero();
    assertThat(count(registry, "moesif.events.processed", Tags.of("outcome", "sampled_out"))).isZero();
    assertThat(registry.get("moesif.events.pending").tag("app", "orders").gauge().value()).isZero();
    assertThat(count(registry, "moesif.errors", Tags.of("source", "hook"))).isEqualTo(1);
    assertThat(count(registry, "moesif.errors", Tags.of("source", "internal"))).isEqualTo(stats.internalErrors());
    assertThat(count(registry, "moesif.uploads", Tags.empty())).isEqualTo(stats.batches()).isPositive();
    assertThat(count(registry, "moesif.uploads.bytes", Tags.empty())).isEqualTo(stats.bytesSent()).isPositive();
    assertThat(registry.get("moesif.uploads.bytes").functionCounter().getId().getBaseUnit()).isEqualTo("bytes");
    assertThat(registry.get("moesif.uploads.latency").tag("app", "orders").functionTimer().count()).isEqualTo(stats.batches());
    // Micrometer converts through seconds as a double: equal to the nanosecond.
    assertThat(registry.get("moesif.uploads.latency").functionTimer().totalTime(TimeUnit.NANOSECONDS))
        .isCloseTo((double) stats.uploadNanos(), within(1.0)).isPositive();
    assertThat(registry.get("moesif.queue.bytes").gauge().value()).isZero(); // flushed: nothing queued
  }

  @Test
  void theSdksCpuShareIsAGaugeInPercentZeroUntilTheFirstWindow() {
    MeterRegistry registry = new SimpleMeterRegistry();
    new MoesifMetrics(moesif, Tags.of("app", "orders")).bindTo(registry);

    serve("/orders/1", 200);
    var share = registry.get("moesif.cpu.share").tag("app", "orders").gauge();
    assertThat(share.getId().getBaseUnit()).isEqualTo("percent");
    assertThat(share.value()).as("measured from 30 s after start").isZero().isEqualTo(moesif.stats().sdkCpuPercent());
  }

  @Test
  void everyCapturedEventIsCountedOnceByAnOutcomeOrAsPending() {
    MeterRegistry registry = new SimpleMeterRegistry();
    new MoesifMetrics(moesif).bindTo(registry);

    for (int i = 0; i < 20; i++) {
      serve(i % 4 == 0 ? "/secret/" + i : "/items/" + i, 200);
    }
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    double outcomes =
        registry.find("moesif.events.processed").functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    double pending = registry.get("moesif.events.pending").gauge().value();
    assertThat(outcomes + pending).isEqualTo(count(registry, "moesif.events.captured", Tags.empty())).isEqualTo(20);
  }

  @Test
  void everyMeterIsNamedInTheMoesifNamespaceAndDescribed() {
    MeterRegistry registry = new SimpleMeterRegistry();
    new MoesifMetrics(moesif).bindTo(registry);

    Map<String, String> descriptions = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      descriptions.put(meter.getId().getName(), meter.getId().getDescription());
    }
    assertThat(descriptions).isNotEmpty();
    descriptions.forEach(
        (name, description) -> {
          assertThat(name).startsWith("moesif.");
          assertThat(description).as(name).isNotBlank();
        });
  }

  private void serve(String path, int status) {
    Exchange exchange =
        moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://127.0.0.1:8080" + path));
    if (exchange != null) {
      exchange.end(FakeHttp.response(status).header("Content-Type", "text/plain"), null);
    }
  }

  private static double count(MeterRegistry registry, String name, Tags tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }
}
