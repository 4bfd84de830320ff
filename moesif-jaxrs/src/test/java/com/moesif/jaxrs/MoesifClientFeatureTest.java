package com.moesif.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.TargetServer;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the client suite does not cover for {@link MoesifClientFeature}: streamed entities read as
 * they arrive, responses closed early, a request entity that fails to write, and registration in
 * the wrong runtime.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MoesifClientFeatureTest {
  private CollectorDouble collector;
  private TargetServer target;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
    target = TargetServer.start();
  }

  @AfterEach
  void close() throws Exception {
    try {
      for (int i = opened.size() - 1; i >= 0; i--) {
        opened.get(i).close();
      }
    } finally {
      target.close();
      collector.close();
    }
  }

  private Moesif sdk() {
    Moesif moesif = Moesif.create(MoesifConfig.builder()
        .applicationId("client-feature-test")
        .baseUri(collector.baseUri())
        .batchTimeout(Duration.ofMillis(50))
        .shutdownHook(false)
        .captureOutgoingRequests(true)
        .build());
    opened.add(() -> moesif.close(Duration.ofSeconds(5)));
    return moesif;
  }

  private Client client(Object... providers) {
    JaxRsClientUnderTest client = new JaxRsClientUnderTest(Duration.ofSeconds(10), providers);
    opened.add(client);
    return client.client();
  }

  private JsonNode onlyEvent(Moesif moesif) {
    collector.awaitEvents(1);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(collector.events()).hasSize(1);
    return collector.events().get(0);
  }

  private static String decoded(JsonNode body) {
    return new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8);
  }

  @Test
  void aStreamedEntityReachesTheCallerAsItArrivesAndIsCapturedWhole() throws Exception {
    Moesif moesif = sdk();
    Client client = client(new MoesifClientFeature(moesif));

    try (Response response = client.target(target.uri("/stream?chunks=3&gated=1")).request().get();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(response.readEntity(InputStream.class), StandardCharsets.UTF_8))) {
      assertThat(target.whileTheStreamIsHeld(() -> reader.readLine())).isEqualTo("data: 0");
      assertThat(collector.events()).as("no event before the caller finished reading").isEmpty();
      StringBuilder rest = new StringBuilder();
      String line;
      while ((line = reader.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(rest.toString()).isEqualTo("\ndata: 1\n\ndata: 2\n\n");
    }

    JsonNode event = onlyEvent(moesif);
    assertThat(decoded(event.at("/response/body"))).isEqualTo(TargetServer.streamBody(3));
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
  }

  @Test
  void aResponseClosedBeforeItsEndIsReportedWithWhatWasRead() throws IOException {
    Moesif moesif = sdk();
    Client client = client(new MoesifClientFeature(moesif));

    try (Response response = client.target(target.uri("/stream?chunks=3&ms=1500")).request().get()) {
      InputStream body = response.readEntity(InputStream.class);
      byte[] first = new byte["data: 0\n\n".length()];
      int read = 0;
      while (read < first.length) {
        read += body.read(first, read, first.length - read);
      }
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: 0\n\n");
    } // closed with two events still to come

    JsonNode event = onlyEvent(moesif);
    assertThat(decoded(event.at("/response/body"))).isEqualTo("data: 0\n\n");
    assertThat(moesif.stats().outgoingFailures()).isZero();
  }

  @Test
  void aRequestEntityThatFailsToWriteIsCountedAndTheCallerGetsTheSameException() {
    Moesif moesif = sdk();
    Client client = client(new MoesifClientFeature(moesif));
    Client baseline = client();
    StreamingOutput failing = out -> {
      out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
      throw new IOException("the upload's source went away");
    };
    Throwable expected = catchThrowable(() -> baseline.target(target.uri("/echo")).request()
        .post(Entity.entity(failing, "application/json")).close());
    assertThat(expected).as("the client without the SDK fails").isNotNull();

    Throwable thrown = catchThrowable(() -> client.target(target.uri("/echo")).request()
        .post(Entity.entity(failing, "application/json")).close());

    assertThat(thrown).isExactlyInstanceOf(expected.getClass());
    assertThat(thrown).hasRootCauseMessage("the upload's source went away");
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(collector.events()).isEmpty();
    assertThat(moesif.stats().outgoingFailures()).isEqualTo(1);
    assertThat(moesif.stats().internalErrors()).isZero();
  }

  @Test
  void eachFeatureDoesNothingInTheOtherRuntime() {
    Moesif moesif = sdk();
    Client client = client(new MoesifFeature(moesif));

    String body = client.target(target.uri("/json")).request().get(String.class);

    assertThat(body).isEqualTo(TargetServer.JSON);
    assertThat(client.getConfiguration().isEnabled(MoesifFeature.class)).isFalse();
    assertThat(target.received("/json").get(0).header("X-Moesif-Transaction-Id")).isNull();
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(collector.events()).isEmpty();

    try (JerseyServers.Running server =
        JerseyServers.grizzly(JerseyServers.scenarioApp(new MoesifClientFeature(moesif)))) {
      assertThat(server.configuration().isEnabled(MoesifClientFeature.class)).isFalse();
    }
  }
}
