package com.moesif.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.FaultyCollector;
import com.moesif.core.testkit.ServerHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The collector is down while a real container serves real requests through the filter: every
 * response is byte for byte what it is with a healthy collector, and none waits for the
 * collector. The requests are made once the SDK has met the fault (an upload held open by a
 * collector that never answers, or an upload that failed and is being retried), and that upload
 * goes on for longer than a request may take, so a request that waited for it would time out.
 * The engine-level outage scenarios are in core's {@code CollectorOutageTest}.
 */
class CollectorOutageServletTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  /** Never reached by a request that does not wait for the collector, however loaded the machine. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final String JSON = "{\"order\":" + "[1,2,3,4,5,6,7,8,9],".repeat(50) + "\"end\":true}";

  private CollectorDouble collector;
  private FaultyCollector front;
  private Moesif moesif;
  private ServerHandle server;

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (TestServers container : TestServers.values()) {
      for (FaultyCollector.Fault fault : List.of(FaultyCollector.Fault.REFUSE, FaultyCollector.Fault.HANG, FaultyCollector.Fault.GARBAGE)) {
        cases.add(Arguments.of(container, fault));
      }
    }
    return cases;
  }

  @BeforeEach
  void startCollector() {
    collector = CollectorDouble.start();
    front = FaultyCollector.start(collector);
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.close();
    }
    if (moesif != null) {
      moesif.close(Duration.ofSeconds(2));
    }
    front.close();
    collector.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void responsesAreUnchangedAndNotDelayedWhileTheCollectorIsDown(TestServers container, FaultyCollector.Fault fault)
      throws Exception {
    moesif =
        Moesif.create(
            MoesifConfig.builder()
                .applicationId("outage-servlet-app")
                .baseUri(front.baseUri())
                .batchTimeout(Duration.ofMillis(20))
                .maxQueueBytes(64 * 1024)
                .connectTimeout(Duration.ofMillis(250))
                // Far past REQUEST_TIMEOUT: an upload the hanging collector holds stays held,
                // and one that failed is retried (1 to 2 s apart, 20 times), while the requests
                // are made; the short delays still let the final flush through.
                .requestTimeout(Duration.ofSeconds(60))
                .maxRetries(20)
                .retryBaseDelay(Duration.ofSeconds(2))
                .retryMaxDelay(Duration.ofSeconds(2))
                .shutdownHook(false)
                .build());
    server = container.start(new MoesifFilter(moesif));

    List<String> healthy = round();
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();

    MoesifStats beforeFault = moesif.stats();
    long acceptedBeforeFault = front.acceptedConnections();
    front.fault(fault);
    assertThat(round()).as("responses while the collector is down").isEqualTo(healthy);
    if (fault == FaultyCollector.Fault.HANG) {
      await("an upload held open by the collector").atMost(Duration.ofSeconds(10))
          .until(() -> front.acceptedConnections() > acceptedBeforeFault);
    } else {
      await("an upload that met the fault").atMost(Duration.ofSeconds(10))
          .until(() -> {
            MoesifStats now = moesif.stats();
            return now.retries() + now.failed() > beforeFault.retries() + beforeFault.failed();
          });
    }
    for (int i = 0; i < 15; i++) {
      assertThat(round()).as("responses while the collector is down").isEqualTo(healthy);
    }

    front.fault(FaultyCollector.Fault.NONE);
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    MoesifStats stats = moesif.stats();
    assertThat(stats.captured()).isEqualTo(17 * 3); // the healthy round, the one that meets the fault, 15 more
    assertThat(stats.captured())
        .isEqualTo(stats.sent() + stats.sampledOut() + stats.shed() + stats.filtered() + stats.dropped() + stats.failed() + stats.pending());
  }

  /**
   * One GET /hello, POST /echo and GET /json; returns status and body of each. A request that
   * took REQUEST_TIMEOUT fails the test: it could only have waited for something held.
   */
  private List<String> round() throws Exception {
    List<HttpRequest> requests =
        List.of(
            HttpRequest.newBuilder(uri("/hello")).timeout(REQUEST_TIMEOUT).build(),
            HttpRequest.newBuilder(uri("/echo"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON))
                .build(),
            HttpRequest.newBuilder(uri("/json?size=5000")).timeout(REQUEST_TIMEOUT).build());
    List<String> answers = new ArrayList<>();
    for (HttpRequest request : requests) {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      answers.add(response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("")
          + " " + new String(response.body(), StandardCharsets.UTF_8));
    }
    assertThat(answers.get(0)).endsWith(AbstractServerSuite.HELLO);
    assertThat(answers.get(1)).endsWith(JSON);
    return answers;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(server.baseUri() + pathAndQuery);
  }
}
