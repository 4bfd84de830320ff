package com.moesif.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.testkit.CollectorDouble;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot example (the starter, configured by properties) on a real Tomcat, sending to a collector double. */
class SpringExampleTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void servedAndOutgoingCallsArriveAtTheCollector() throws Exception {
    try (CollectorDouble collector = CollectorDouble.start();
        ConfigurableApplicationContext app =
            // Command-line arguments: they win over application.properties (builder properties would not).
            new SpringApplicationBuilder(SpringExampleApplication.class)
                .run(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--moesif.application-id=spring-example-test",
                    "--moesif.base-uri=" + collector.baseUri())) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      URI base = URI.create("http://127.0.0.1:" + port);

      HttpResponse<String> hello =
          http.send(HttpRequest.newBuilder(base.resolve("/hello")).header("X-User-Id", "user-1").build(), BodyHandlers.ofString());
      HttpResponse<String> echo =
          http.send(
              HttpRequest.newBuilder(base.resolve("/echo"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"widget\"}"))
                  .build(),
              BodyHandlers.ofString());
      HttpResponse<String> outgoing = http.send(HttpRequest.newBuilder(base.resolve("/outgoing")).build(), BodyHandlers.ofString());

      assertThat(hello.statusCode()).isEqualTo(200);
      assertThat(hello.body()).isEqualTo("Hello, world");
      assertThat(echo.body()).isEqualTo("{\"item\":\"widget\"}");
      assertThat(outgoing.statusCode()).isEqualTo(200);
      assertThat(outgoing.headers().firstValue("X-Moesif-Transaction-Id")).isPresent();
      assertThat(app.getBean(Moesif.class).flush(Duration.ofSeconds(10))).isTrue();

      // /hello, /echo, /outgoing, the outgoing GET /hello and the /hello it reached.
      List<JsonNode> events = collector.awaitEvents(5);
      assertThat(events)
          .extracting(e -> e.path("direction").asText() + " " + e.path("request").path("verb").asText() + " "
              + URI.create(e.path("request").path("uri").asText()).getPath() + " " + e.path("response").path("status").asInt())
          .containsExactlyInAnyOrder(
              "Incoming GET /hello 200",
              "Incoming POST /echo 200",
              "Incoming GET /outgoing 200",
              "Outgoing GET /hello 200",
              "Incoming GET /hello 200");
      assertThat(events)
          .filteredOn(e -> e.hasNonNull("user_id")) // the customizer's identifyUser hook
          .extracting(e -> e.path("user_id").asText())
          .containsExactly("user-1");
      JsonNode echoed =
          events.stream().filter(e -> e.path("request").path("uri").asText().endsWith("/echo")).findFirst().orElseThrow();
      assertThat(echoed.path("request").path("body").path("item").asText()).isEqualTo("widget");
      assertThat(echoed.path("response").path("body").path("item").asText()).isEqualTo("widget");
      assertThat(collector.requests("/v1/events/batch").get(0).header("X-Moesif-Application-Id"))
          .isEqualTo("spring-example-test");

      HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health/moesif")).build(), BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"collector\":\"" + collector.baseUri() + "\"");
    }
  }
}
