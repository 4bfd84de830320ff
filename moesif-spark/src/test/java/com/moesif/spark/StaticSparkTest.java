package com.moesif.spark;

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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import spark.Spark;

/**
 * {@link MoesifSpark#register(Moesif)} on the static API. One test only: the static instance is the
 * JVM's, and Spark can stop it but not forget its settings.
 */
class StaticSparkTest {
  @Test
  void staticRegistrationCapturesRoutesOfTheStaticApi() throws Exception {
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (CollectorDouble collector = CollectorDouble.start();
        Moesif moesif = Moesif.create(MoesifConfig.builder()
            .applicationId("static-spark-app")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(100))
            .shutdownHook(false)
            .build())) {
      Spark.ipAddress("127.0.0.1");
      Spark.port(0);
      Spark.threadPool(8, 2, 30_000);
      Spark.initExceptionHandler(failed::set); // not Spark's System.exit
      try {
        MoesifSpark.register(moesif);
        Spark.get("/static/:name", (req, res) -> {
          res.type("text/plain");
          return "hello " + req.params(":name");
        });
        Spark.awaitInitialization();
        assertThat(failed.get()).isNull();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Spark.port() + "/static/ada")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("hello ada");
        List<JsonNode> events = collector.awaitEvents(1);
        assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(collector.events()).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("transaction_id").asText())
            .isEqualTo(response.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
        assertThat(new String(java.util.Base64.getDecoder().decode(event.at("/response/body").asText()),
            StandardCharsets.UTF_8)).isEqualTo("hello ada");
      } finally {
        Spark.stop();
        Spark.awaitStop();
      }
    }
  }
}
