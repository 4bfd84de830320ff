package com.moesif.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.TargetServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * A collector double, a target server and an SDK with outgoing capture on, for the
 * adapter-specific tests that go beyond the shared suite. Close it after each test.
 */
public final class Loopback implements AutoCloseable {
  public final CollectorDouble collector = CollectorDouble.start();
  public final TargetServer target = TargetServer.start();
  public final Moesif moesif;

  public Loopback() {
    this(b -> b);
  }

  public Loopback(UnaryOperator<MoesifConfig.Builder> custom) {
    MoesifConfig.Builder builder =
        MoesifConfig.builder()
            .applicationId("app-id-outgoing-1234")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(50))
            .shutdownHook(false)
            .captureOutgoingRequests(true);
    moesif = Moesif.create(custom.apply(builder).build());
  }

  /** The one event expected: waits for it, flushes, and checks no other arrived. */
  public JsonNode onlyEvent() {
    JsonNode event = collector.awaitEvents(1).get(0);
    if (!moesif.flush(Duration.ofSeconds(10)) || collector.events().size() != 1) {
      throw new AssertionError("expected exactly one event, got " + collector.events());
    }
    return event;
  }

  /** A base64 event body as text. */
  public static String decoded(JsonNode base64Body) {
    return new String(Base64.getDecoder().decode(base64Body.asText()), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    moesif.close(Duration.ofSeconds(5));
    target.close();
    collector.close();
  }
}
