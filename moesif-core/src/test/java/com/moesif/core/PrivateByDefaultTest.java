package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.FakeHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An SDK configured with nothing but its application id sends no credential: the built-in masks
 * are on, the user is still identified from the credential they mask, and one switch turns them off.
 */
class PrivateByDefaultTest {
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
    moesif = Moesif.create(custom.apply(MoesifConfig.builder()
            .applicationId("app-id-1234567890")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(20))
            .shutdownHook(false))
        .build());
  }

  private static String jwt(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  private JsonNode login(String authorization) {
    Exchange exchange = moesif.captureEngine().startIncoming(
        FakeHttp.request("POST", "http://api.test/login?access_token=hunter2-query&page=1")
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(exchange).isNotNull();
    byte[] form = "user=ada&password=hunter2-form".getBytes(StandardCharsets.UTF_8);
    exchange.requestBody().write(form, 0, form.length);
    byte[] json = "{\"token\":\"hunter2-json\",\"card\":\"4111 1111 1111 1111\"}".getBytes(StandardCharsets.UTF_8);
    exchange.responseBody().write(json, 0, json.length);
    exchange.end(FakeHttp.response(200).header("Content-Type", "application/json").header("Set-Cookie", "s=hunter2-cookie"), null);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    return collector.awaitEvents(1).get(0);
  }

  @Test
  void credentialsAreMaskedAndTheUserStillIdentifiedFromThem() {
    sdk(b -> b);
    JsonNode event = login("Bearer " + jwt("{\"sub\":\"user-42\"}"));

    assertThat(event.get("user_id").asText()).isEqualTo("user-42");
    assertThat(event.at("/request/headers/authorization").asText()).isEqualTo("*****");
    assertThat(event.at("/response/headers/set-cookie").asText()).isEqualTo("*****");
    assertThat(event.at("/request/uri").asText()).isEqualTo("http://api.test/login?access_token=*****&page=1");
    assertThat(new String(Base64.getDecoder().decode(event.at("/request/body").asText()), StandardCharsets.UTF_8))
        .isEqualTo("user=ada&password=*****");
    assertThat(event.at("/response/body/token").asText()).isEqualTo("*****");
    assertThat(event.at("/response/body/card").asText()).isEqualTo("*****");
    for (CollectorDouble.RecordedRequest sent : collector.requests()) {
      assertThat(new String(sent.decodedBody(), StandardCharsets.UTF_8)).doesNotContain("hunter2");
    }
  }

  @Test
  void basicAuthStillIdentifiesTheUser() {
    sdk(b -> b);
    String basic = Base64.getEncoder().encodeToString("ada:hunter2".getBytes(StandardCharsets.UTF_8));
    JsonNode event = login("Basic " + basic);

    assertThat(event.get("user_id").asText()).isEqualTo("ada");
    assertThat(event.at("/request/headers/authorization").asText()).isEqualTo("*****");
  }

  @Test
  void maskRecommendedFalseTurnsTheDefaultsOff() {
    sdk(b -> b.maskRecommended(false));
    String authorization = "Bearer " + jwt("{\"sub\":\"user-42\"}");
    JsonNode event = login(authorization);

    assertThat(event.at("/request/headers/authorization").asText()).isEqualTo(authorization);
    assertThat(event.at("/request/uri").asText()).contains("access_token=hunter2-query");
    assertThat(event.at("/response/body/token").asText()).isEqualTo("hunter2-json");
    assertThat(event.at("/response/body/card").asText()).isEqualTo("4111 1111 1111 1111");
  }
}
