package com.moesif.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.SdkFixture;
import com.moesif.core.testkit.ServerHandle;
import com.moesif.spark.TestSpark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mode for Spark outside its embedded Jetty (e.g. {@code SparkFilter} in Tomcat), where
 * Jetty's output and input cannot be tapped: forced here on Jetty. The {@code afterAfter} filter
 * ends the call with the status and headers set by then and the body Spark keeps as a String in
 * {@code response.body()}; what it cannot see is asserted absent, as the README says.
 */
class ContainerNeutralModeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension final SdkFixture fixture = new SdkFixture("neutral-mode-app");
  private CollectorDouble collector;
  private Moesif moesif;
  private ServerHandle server;

  @BeforeEach
  void useFixture() {
    collector = fixture.collector();
  }

  private void serve(UnaryOperator<MoesifConfig.Builder> customize) throws Exception {
    moesif = fixture.moesif(customize);
    server = fixture.closeAfterwards(TestSpark.start(http -> {
      SparkFilters capture = new SparkFilters(moesif, http::routes, http::halt, false);
      http.before(capture::before);
      http.afterAfter(capture::afterAfter);
      http.post("/echo", (req, res) -> {
        res.type("application/json");
        return req.body();
      });
      http.get("/bytes", (req, res) -> {
        res.type("application/octet-stream");
        return new byte[] {1, 2, 3};
      });
      http.get("/mapped", (req, res) -> {
        throw new IllegalArgumentException("bad");
      });
      http.exception(IllegalArgumentException.class, (e, req, res) -> {
        res.status(400);
        res.body("{\"error\":\"" + e.getMessage() + "\"}");
      });
    }));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create(server.baseUri() + path);
  }

  private JsonNode singleEvent() {
    collector.awaitEvents(1);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> collector.events().size() == 1);
    return collector.events().get(0);
  }

  @Test
  void stringResultIsCapturedButNotTheRequestBody() throws Exception {
    serve(UnaryOperator.identity());
    String json = "{\"n\":1}";

    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));

    assertThat(response.body()).isEqualTo(json);
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree(json));
    assertThat(event.get("transaction_id").asText())
        .isEqualTo(response.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
    assertThat(event.get("request").has("body")).as("request body without the tap").isFalse();
  }

  @Test
  void exceptionMappersBodyIsCaptured() throws Exception {
    serve(UnaryOperator.identity());

    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/mapped")));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(400);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"bad\"}"));
  }

  @Test
  void bytesResultIsNotCapturedOnlyItsStatus() throws Exception {
    serve(UnaryOperator.identity());

    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/bytes")));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.get("response").has("body")).isFalse();
  }

  @Test
  void governanceBlockBodyIsCapturedFromTheRule() throws Exception {
    collector.respondWith(request -> request.path().endsWith("/v1/rules")
        ? new CollectorDouble.Reply(200, Map.of(), """
            [{"_id": "rule-block", "type": "regex", "block": true,
              "regex_config": [{"conditions": [{"path": "request.verb", "value": "^GET$"}]}],
              "response": {"status": 429, "body": {"error": "slow down"}}}]""", Duration.ZERO)
        : CollectorDouble.Reply.ok());
    serve(UnaryOperator.identity());

    await("the rules to load").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25))
        .until(() -> send(HttpRequest.newBuilder(uri("/bytes"))).statusCode() == 429);

    await("the blocked event").atMost(Duration.ofSeconds(10))
        .until(() -> collector.events().stream().anyMatch(e -> e.has("blocked_by")));
    JsonNode blocked = collector.events().stream().filter(e -> e.has("blocked_by")).findFirst().orElseThrow();
    assertThat(blocked.at("/response/status").asInt()).isEqualTo(429);
    assertThat(blocked.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"slow down\"}"));
  }
}
