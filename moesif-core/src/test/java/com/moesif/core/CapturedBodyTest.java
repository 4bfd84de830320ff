package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.FakeHttp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Hooks read captured bodies as plain Java values, never as a Jackson type. */
class CapturedBodyTest {

  @Test
  void hooksSeeJsonBodiesAsMapsAndListsAndOtherBodiesAsBase64() {
    AtomicReference<Object> requestBody = new AtomicReference<>();
    AtomicReference<Object> responseBody = new AtomicReference<>();
    try (CollectorDouble collector = CollectorDouble.start();
        Moesif moesif =
            Moesif.create(
                MoesifConfig.builder()
                    .applicationId("app-id-1234567890")
                    .baseUri(collector.baseUri())
                    .batchTimeout(Duration.ofMillis(20))
                    .shutdownHook(false)
                    .identifyUser(
                        (req, res) -> {
                          requestBody.set(req.body());
                          responseBody.set(res.body());
                          return req.body() instanceof Map<?, ?> map ? String.valueOf(map.get("user")) : null;
                        })
                    .build())) {
      Exchange exchange =
          moesif.captureEngine()
              .startIncoming(FakeHttp.request("POST", "http://api.test/orders").header("Content-Type", "application/json"));
      assertThat(exchange).isNotNull();
      byte[] json = "{\"user\":\"u-7\",\"items\":[1,2.50]}".getBytes(StandardCharsets.UTF_8);
      exchange.requestBody().write(json, 0, json.length);
      exchange.responseBody().write(new byte[] {1, 2, 3}, 0, 3);
      exchange.end(FakeHttp.response(201).header("Content-Type", "application/octet-stream"), null);
      assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();

      assertThat(requestBody.get()).isEqualTo(Map.of("user", "u-7", "items", List.of(1, new BigDecimal("2.50"))));
      assertThat(responseBody.get()).isEqualTo("AQID");
      List<JsonNode> events = collector.events();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).get("user_id").asText()).isEqualTo("u-7");
    }
  }
}
