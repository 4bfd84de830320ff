package com.moesif.servlet;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The collector is down while a real container serves real requests through the filter: every
 * response is byte for byte what it is with a healthy collector, and latency stays at the
 * baseline's (generous bounds: a request that waited for the collector would take the 2 s
 * request timeout). The engine-level outage scenarios are in core's {@code CollectorOutageTest}.
 */
class CollectorOutageServletTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
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
                .requestTimeout(Duration.ofSeconds(2))
                .retryBaseDelay(Duration.ofMillis(20))
                .retryMaxDelay(Duration.ofMillis(200))
                .shutdownHook(false)
                .build());
    server = container.start(new MoesifFilter(moesif));

    round(); // warm-up: class loading, JIT, connection set-up
    List<String> healthy = new ArrayList<>();
    List<Long> baseline = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      healthy = round(baseline);
    }
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();

    front.fault(fault);
    List<Long> during = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      assertThat(round(during)).as("responses while the collector is down").isEqualTo(healthy);
    }
    long baselineMedian = median(baseline);
    assertThat(median(during)).as("median latency in ns (baseline %d)", baselineMedian)
        .isLessThanOrEqualTo(3 * baselineMedian + 5_000_000);
    // A request that waited for the collector would take the 2 s request timeout.
    assertThat(Collections.max(during)).as("slowest request in ns").isLessThan(1_000_000_000L);

    front.fault(FaultyCollector.Fault.NONE);
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    MoesifStats stats = moesif.stats();
    assertThat(stats.captured()).isEqualTo(16 * 3 + 15 * 3);
    assertThat(stats.captured())
        .isEqualTo(stats.sent() + stats.sampledOut() + stats.shed() + stats.filtered() + stats.dropped() + stats.failed() + stats.pending());
  }

  private List<String> round() throws Exception {
    return round(new ArrayList<>());
  }

  /** One GET /hello, POST /echo and GET /json; returns status and body of each, records latencies. */
  private List<String> round(List<Long> latencies) throws Exception {
    List<HttpRequest> requests =
        List.of(
            HttpRequest.newBuilder(uri("/hello")).build(),
            HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON))
                .build(),
            HttpRequest.newBuilder(uri("/json?size=5000")).build());
    List<String> answers = new ArrayList<>();
    for (HttpRequest request : requests) {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      latencies.add(System.nanoTime() - start);
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

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
