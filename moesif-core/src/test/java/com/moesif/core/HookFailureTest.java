package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.FakeHttp;
import com.moesif.core.testkit.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hooks that misbehave: the call is unaffected and the event is built or dropped by the
 * documented rule (a failing value hook loses only its value; maskEvent null or throwing drops).
 */
class HookFailureTest {
  private CollectorDouble collector;
  private Moesif moesif;

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
  }

  @AfterEach
  void stop() {
    if (moesif != null) {
      moesif.close(Duration.ofSeconds(2));
    }
    collector.close();
  }

  private void sdk(UnaryOperator<MoesifConfig.Builder> custom) {
    moesif =
        Moesif.create(
            custom.apply(
                    MoesifConfig.builder()
                        .applicationId("app-id-1234567890")
                        .baseUri(collector.baseUri())
                        .batchTimeout(Duration.ofMillis(20))
                        .shutdownHook(false))
                .build());
  }

  private List<JsonNode> oneCall() {
    Exchange exchange = moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test/x"));
    assertThat(exchange).isNotNull();
    exchange.end(FakeHttp.response(200), null);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    return collector.events();
  }

  @Test
  void throwingValueHooksLoseOnlyTheirValue() {
    sdk(b -> b.identifyUser((req, res) -> {
          throw new IllegalStateException("user hook broken");
        })
        .identifyCompany((req, res) -> "c-1")
        .sessionToken((req, res) -> {
          throw new NullPointerException();
        })
        .metadata((req, res) -> Map.of("ok", true)));
    List<JsonNode> events = oneCall();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).has("user_id")).isFalse();
    assertThat(events.get(0).has("session_token")).isFalse();
    assertThat(events.get(0).get("company_id").asText()).isEqualTo("c-1");
    assertThat(events.get(0).get("metadata").get("ok").asBoolean()).isTrue();
    assertThat(moesif.stats().hookErrors()).isEqualTo(2);
  }

  @Test
  void throwingSkipHookCapturesTheCall() {
    sdk(b -> b.skip((req, res) -> {
      throw new IllegalStateException("skip broken");
    }));
    assertThat(oneCall()).hasSize(1);
    assertThat(moesif.stats().hookErrors()).isEqualTo(2); // the request-only call and the full call
  }

  @Test
  void blankAndNullHookResultsAreOmitted() {
    sdk(b -> b.identifyUser((req, res) -> "  ").identifyCompany((req, res) -> null).metadata((req, res) -> null));
    JsonNode event = oneCall().get(0);
    assertThat(event.has("user_id")).isFalse();
    assertThat(event.has("company_id")).isFalse();
    assertThat(event.has("metadata")).isFalse();
  }

  @Test
  void nonSerialisableMetadataIsDroppedAndTheEventStillSent() {
    sdk(b -> b.metadata((req, res) -> Map.of("thread", new Object() {
      @SuppressWarnings("unused")
      public String getBoom() {
        throw new IllegalStateException("getter throws");
      }
    })));
    JsonNode event = oneCall().get(0);
    assertThat(event.has("metadata")).isFalse();
    assertThat(moesif.stats().hookErrors()).isEqualTo(1);
  }

  @Test
  void cyclicMetadataIsDroppedWithoutLosingTheBatch() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    sdk(b -> b.metadata((req, res) -> cyclic));
    JsonNode event = oneCall().get(0);
    assertThat(event.has("metadata")).isFalse();
  }

  @Test
  void hugeMetadataKeepsTheEventUnderTheCollectorLimit() {
    sdk(b -> b.metadata((req, res) -> Map.of("blob", "x".repeat(2_000_000))));
    List<JsonNode> events = oneCall();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).has("metadata")).isFalse();
    assertThat(events.get(0).toString().length()).isLessThan(1_000_000);
  }

  @Test
  void maskEventReturningNullDropsTheEvent() {
    sdk(b -> b.maskEvent(e -> null));
    assertThat(oneCall()).isEmpty();
    MoesifStats stats = moesif.stats();
    assertThat(stats.filtered()).isEqualTo(1);
    assertThat(stats.captured()).isEqualTo(stats.filtered() + stats.sent());
  }

  @Test
  void maskEventThrowingDropsTheEventRatherThanSendItUnmasked() {
    sdk(b -> b.maskEvent(e -> {
      throw new IllegalStateException("mask broken");
    }));
    assertThat(oneCall()).isEmpty();
    assertThat(moesif.stats().filtered()).isEqualTo(1);
    assertThat(moesif.stats().hookErrors()).isEqualTo(1);
  }

  @Test
  void maskEventEditsWhatIsSent() {
    sdk(b -> b.maskEvent(e -> e.toBuilder().userId("masked-user").build()));
    assertThat(oneCall().get(0).get("user_id").asText()).isEqualTo("masked-user");
  }

  /**
   * A slow hook: hooks run on the thread that ends the call (they may need the native request), so
   * that call waits for it; the SDK cannot cut user code short. It warns once per hook, and holds
   * no lock, so concurrent calls are not serialised behind the slow one: all three hooks are
   * inside at once.
   */
  @Test
  void aHookThatBlocksDelaysOnlyItsOwnCallAndIsWarnedOnce() throws Exception {
    CountDownLatch allInside = new CountDownLatch(3);
    AtomicInteger overlapped = new AtomicInteger();
    sdk(b -> b.identifyUser((req, res) -> {
      allInside.countDown();
      try {
        if (allInside.await(10, TimeUnit.SECONDS)) {
          overlapped.incrementAndGet();
        }
        Thread.sleep(300); // slower than the SDK's warning threshold
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "slow-user";
    }));
    List<String> lines;
    try (LogCapture logs = LogCapture.start()) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(pool.submit(() -> {
          Exchange exchange = moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test/slow"));
          exchange.end(FakeHttp.response(200), null);
        }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      pool.shutdown();
      lines = logs.lines();
    }
    assertThat(overlapped.get()).as("hooks running at the same time").isEqualTo(3);
    assertThat(lines.stream().filter(l -> l.contains("the identifyUser hook took"))).hasSize(1);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(collector.events()).hasSize(3).allSatisfy(e -> assertThat(e.get("user_id").asText()).isEqualTo("slow-user"));
  }
}
