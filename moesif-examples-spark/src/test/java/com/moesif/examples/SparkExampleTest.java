package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Spark example on its own class path, as a plain Spark application: it answers with the
 * example API's bodies and the SDK it is given captures each call. (Isolated inside the examples
 * jar, and compared with the servlet example, it is tested by moesif-examples.)
 */
class SparkExampleTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void servesTheApiAndTheSdkCapturesIt() throws Exception {
    try (CollectorDouble collector = CollectorDouble.start();
        Moesif moesif = Moesif.create(MoesifConfig.builder()
            .applicationId("spark-example-test")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(100))
            .shutdownHook(false)
            .build(), "spark")) {
      SparkExample example = new SparkExample();
      try {
        URI base = URI.create("http://127.0.0.1:" + example.start(0, moesif));

        HttpResponse<String> hello = get(base, "/hello");
        HttpResponse<String> user = get(base, "/users/42");
        HttpResponse<String> missing = get(base, "/nowhere");
        HttpResponse<String> wrongMethod = CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/hello")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo(ExampleApi.HELLO);
        assertThat(user.body()).isEqualTo(new String(ExampleApi.userJson("42"), StandardCharsets.UTF_8));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"no route for /nowhere\"}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");

        List<JsonNode> events = collector.awaitEvents(4);
        assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(collector.events()).hasSize(4);
        JsonNode helloEvent = events.stream()
            .filter(e -> e.at("/request/uri").asText().equals(base + "/hello") && e.at("/request/verb").asText().equals("GET"))
            .findFirst().orElseThrow();
        assertThat(new String(Base64.getDecoder().decode(helloEvent.at("/response/body").asText()), StandardCharsets.UTF_8))
            .isEqualTo(ExampleApi.HELLO);
      } finally {
        example.stop();
      }
    }
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
