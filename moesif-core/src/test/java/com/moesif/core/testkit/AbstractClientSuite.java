package com.moesif.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outgoing-call scenarios, written once and inherited by every client adapter's test (OkHttp,
 * {@code java.net.http}, Apache HttpClient 5, the JAX-RS client). Every scenario makes real calls
 * on loopback to a {@link TargetServer}, then checks three things: what the caller got (compared
 * with the same client without the SDK where that matters), what the target received, and what
 * the {@link CollectorDouble} received.
 *
 * <h2>The adapter contract</h2>
 *
 * A subclass implements {@link #client(Moesif, Duration)}: build the client under test with the
 * SDK's interceptor registered on {@code moesif}, and return a {@link ClientUnderTest} that makes
 * one call from a plain {@link Request} and returns the response fully read (and closed), or
 * throws exactly what the client threw (unwrap {@code ExecutionException} / {@code
 * CompletionException} only, so the suite can compare it with the same client without the SDK).
 * Redirects must be followed (configure the client so). The {@code readTimeout} is the client's
 * read or response timeout. Override the small {@code protected} methods below to describe how
 * the adapter behaves where clients legitimately differ (redirect events, async support, whether
 * connection failures reach it, its native request type).
 *
 * <p>The SDK under test is created with {@link #moesif(UnaryOperator)}: outgoing capture on,
 * batches every 50 ms to the collector double, no shutdown hook. Everything a test opens is closed
 * after it (clients, SDKs, servers), so no thread outlives a test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractClientSuite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  protected static final String TRANSACTION_HEADER = "X-Moesif-Transaction-Id";

  protected CollectorDouble collector;
  protected TargetServer target;
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** One call as the suite describes it. {@code body} and {@code contentType} may be null. */
  public record Request(String method, URI uri, Map<String, String> headers, byte[] body, String contentType) {
    public static Request get(URI uri) {
      return new Request("GET", uri, Map.of(), null, null);
    }

    public static Request post(URI uri, byte[] body, String contentType) {
      return new Request("POST", uri, Map.of(), body, contentType);
    }

    public Request withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Request(method, uri, Map.copyOf(copy), body, contentType);
    }
  }

  /** What the caller got: status, headers (names case-insensitive) and the whole body as read. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Response {
      Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> {
        if (k != null) {
          sorted.put(k, List.copyOf(v));
        }
      });
      headers = sorted;
    }

    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The client under test, with the SDK's interceptor already registered. */
  public interface ClientUnderTest extends AutoCloseable {
    /** Makes the call and reads the whole body; throws what the client threw. */
    Response execute(Request request) throws Exception;

    /**
     * The client's own asynchronous API, completing with the fully read response or with what the
     * client failed with. Only called when {@link AbstractClientSuite#supportsAsync()} is true.
     */
    default CompletableFuture<Response> executeAsync(Request request) {
      throw new UnsupportedOperationException("no asynchronous API");
    }

    /** Releases the client's threads and connections (and handles its own exceptions). */
    @Override
    default void close() {}
  }

  /** How an adapter reports a call that followed a redirect. */
  public enum Redirects {
    /** One event: the request as the caller made it, the final response as the caller got it. */
    ONE_EVENT_PER_CALL,
    /** One event per HTTP exchange: the 302, then the followed request. */
    ONE_EVENT_PER_HOP
  }

  /** Builds the client under test, with the SDK's interceptor registered on {@code moesif}. */
  protected abstract ClientUnderTest client(Moesif moesif, Duration readTimeout);

  /** How this adapter reports redirects. */
  protected Redirects redirects() {
    return Redirects.ONE_EVENT_PER_CALL;
  }

  /** Whether {@link ClientUnderTest#executeAsync} is implemented. */
  protected boolean supportsAsync() {
    return false;
  }

  /**
   * Whether a call that never connects reaches the adapter (false for interceptors that only run
   * once a connection exists, such as OkHttp network interceptors): then it is not counted.
   */
  protected boolean seesConnectFailures() {
    return true;
  }

  /**
   * Whether a call that times out before any response arrives reaches the adapter (false for APIs
   * whose hooks only run around a response, such as Jakarta REST client filters): then it is not
   * counted.
   */
  protected boolean seesTimeoutsBeforeAResponse() {
    return true;
  }

  /** The native request type hooks can {@code unwrap} to, or null to skip that check. */
  protected Class<?> nativeRequestType() {
    return null;
  }

  @BeforeEach
  void startServers() {
    collector = CollectorDouble.start();
    target = TargetServer.start();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    target.close();
    collector.close();
  }

  /** An SDK reporting to the collector double with outgoing capture on; {@code custom} may change anything. */
  protected Moesif moesif(UnaryOperator<MoesifConfig.Builder> custom) {
    MoesifConfig.Builder builder =
        MoesifConfig.builder()
            .applicationId("app-id-outgoing-1234")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(50))
            .maxSdkCpuPercent(0) // the scenarios count every event: see SdkFixture#config
            .shutdownHook(false)
            .captureOutgoingRequests(true);
    Moesif moesif = Moesif.create(custom.apply(builder).build());
    opened.add(() -> moesif.close(Duration.ofSeconds(5)));
    return moesif;
  }

  protected Moesif moesif() {
    return moesif(b -> b);
  }

  /** The client under test over {@code moesif}, closed after the test. */
  protected ClientUnderTest open(Moesif moesif) {
    return open(moesif, TIMEOUT);
  }

  protected ClientUnderTest open(Moesif moesif, Duration readTimeout) {
    ClientUnderTest client = client(moesif, readTimeout);
    opened.add(client);
    return client;
  }

  /** The same client with outgoing capture off: what the caller would get without the SDK. */
  protected ClientUnderTest baseline(Duration readTimeout) {
    return open(moesif(b -> b.captureOutgoingRequests(false)), readTimeout);
  }

  /** Waits for exactly {@code count} events: flushes, then checks no more arrived. */
  protected List<JsonNode> exactlyEvents(Moesif moesif, int count) {
    List<JsonNode> events = collector.awaitEvents(count, TIMEOUT);
    assertThat(moesif.flush(TIMEOUT)).isTrue();
    assertThat(collector.events()).as("events received").hasSize(count);
    return events;
  }

  /** Flushes and checks that the collector received no event at all. */
  protected void noEvents(Moesif moesif) {
    assertThat(moesif.flush(TIMEOUT)).isTrue();
    assertThat(collector.events()).as("events received").isEmpty();
    assertThat(moesif.stats().captured()).isZero();
  }

  protected static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void getIsCapturedAsAnOutgoingEvent() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    Response response = client.execute(Request.get(target.uri("/json?page=2")).withHeader("X-Custom", "abc"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo(TargetServer.JSON);
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.get("direction").asText()).isEqualTo("Outgoing");
    assertThat(event.at("/request/verb").asText()).isEqualTo("GET");
    assertThat(event.at("/request/uri").asText()).isEqualTo(target.uri("/json?page=2").toString());
    assertThat(header(event.at("/request/headers"), "X-Custom")).isEqualTo("abc");
    assertThat(event.at("/request/body").isMissingNode()).isTrue();
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.at("/response/body")).isEqualTo(json(TargetServer.JSON));
    assertThat(event.at("/response/transfer_encoding").asText()).isEqualTo("json");
    assertThat(header(event.at("/response/headers"), "Content-Type")).startsWith("application/json");
    assertThat(event.at("/request/time").asText()).isNotBlank();
    assertThat(event.at("/response/time").asText()).isNotBlank();
  }

  @Test
  void postJsonCapturesBothBodies() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);
    String body = "  {\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}";

    Response response =
        client.execute(Request.post(target.uri("/echo"), body.getBytes(StandardCharsets.UTF_8), "application/json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo(body);
    assertThat(new String(target.received("/echo").get(0).body(), StandardCharsets.UTF_8)).isEqualTo(body);
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.at("/request/verb").asText()).isEqualTo("POST");
    assertThat(event.at("/request/body")).isEqualTo(json(body));
    assertThat(event.at("/request/transfer_encoding").asText()).isEqualTo("json");
    assertThat(event.at("/response/body")).isEqualTo(json(body));
    assertThat(event.at("/response/transfer_encoding").asText()).isEqualTo("json");
  }

  @Test
  void bodiesOverTheLimitBecomeANoteWhileTheCallerGetsEverything() throws Exception {
    Moesif moesif = moesif(b -> b.requestMaxBodySize(1024).responseMaxBodySize(1024));
    ClientUnderTest client = open(moesif);
    byte[] upload = TargetServer.largeBody(5_000);

    Response large = client.execute(Request.get(target.uri("/large?size=200000")));
    Response echoed = client.execute(Request.post(target.uri("/echo"), upload, "text/plain"));

    assertThat(large.body()).isEqualTo(TargetServer.largeBody(200_000));
    assertThat(echoed.body()).isEqualTo(upload);
    assertThat(target.received("/echo").get(0).body()).isEqualTo(upload);
    List<JsonNode> events = exactlyEvents(moesif, 2);
    JsonNode get = byPath(events, "/large");
    assertThat(get.at("/response/body/msg").asText())
        .isEqualTo("body of 200000 bytes exceeds the capture limit of 1024 bytes");
    assertThat(get.at("/response/transfer_encoding").asText()).isEqualTo("json");
    JsonNode post = byPath(events, "/echo");
    assertThat(post.at("/request/body/msg").asText())
        .isEqualTo("body of 5000 bytes exceeds the capture limit of 1024 bytes");
    assertThat(post.at("/response/body/msg").asText())
        .isEqualTo("body of 5000 bytes exceeds the capture limit of 1024 bytes");
  }

  @Test
  void binaryBodiesAreBase64Exactly() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);
    byte[] bytes = TargetServer.binaryBody();

    Response download = client.execute(Request.get(target.uri("/binary")));
    Response upload = client.execute(Request.post(target.uri("/echo"), bytes, "application/octet-stream"));

    assertThat(download.body()).isEqualTo(bytes);
    assertThat(upload.body()).isEqualTo(bytes);
    List<JsonNode> events = exactlyEvents(moesif, 2);
    JsonNode get = byPath(events, "/binary");
    assertThat(get.at("/response/body").asText()).isEqualTo(base64(bytes));
    assertThat(get.at("/response/transfer_encoding").asText()).isEqualTo("base64");
    JsonNode post = byPath(events, "/echo");
    assertThat(post.at("/request/body").asText()).isEqualTo(base64(bytes));
    assertThat(post.at("/request/transfer_encoding").asText()).isEqualTo("base64");
    assertThat(post.at("/response/body").asText()).isEqualTo(base64(bytes));
  }

  @Test
  void gzipResponsesAreDecodedInTheEventAndUntouchedForTheCaller() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);
    Response without = baseline(TIMEOUT).execute(Request.get(target.uri("/gzip")));

    Response with = client.execute(Request.get(target.uri("/gzip")));

    assertThat(with.status()).isEqualTo(without.status());
    assertThat(with.body()).isEqualTo(without.body());
    assertThat(with.header("Content-Encoding")).isEqualTo(without.header("Content-Encoding"));
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.at("/response/body")).isEqualTo(json(TargetServer.GZIP_JSON));
    assertThat(event.at("/response/transfer_encoding").asText()).isEqualTo("json");
  }

  @Test
  void redirectsAreReportedAsTheAdapterDocuments() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    Response response = client.execute(Request.get(target.uri("/redirect")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo(TargetServer.JSON);
    if (redirects() == Redirects.ONE_EVENT_PER_CALL) {
      JsonNode event = exactlyEvents(moesif, 1).get(0);
      assertThat(event.at("/request/uri").asText()).isEqualTo(target.uri("/redirect").toString());
      assertThat(event.at("/response/status").asInt()).isEqualTo(200);
      assertThat(event.at("/response/body")).isEqualTo(json(TargetServer.JSON));
    } else {
      List<JsonNode> events = exactlyEvents(moesif, 2);
      JsonNode hop = byPath(events, "/redirect");
      assertThat(hop.at("/response/status").asInt()).isEqualTo(302);
      assertThat(header(hop.at("/response/headers"), "Location")).isEqualTo("/json");
      JsonNode followed = byPath(events, "/json");
      assertThat(followed.at("/response/status").asInt()).isEqualTo(200);
      assertThat(followed.at("/response/body")).isEqualTo(json(TargetServer.JSON));
      assertThat(hop.get("transaction_id").asText()).isNotEqualTo(followed.get("transaction_id").asText());
    }
  }

  @Test
  void errorStatusesAreEventsNotFailures() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    Response notFound = client.execute(Request.get(target.uri("/status/404")));
    Response unavailable = client.execute(Request.get(target.uri("/status/503")));
    Response noContent = client.execute(Request.get(target.uri("/status/204")));

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(noContent.status()).isEqualTo(204);
    assertThat(notFound.text()).isEqualTo("{\"status\":404}");
    List<JsonNode> events = exactlyEvents(moesif, 3);
    assertThat(byPath(events, "/status/404").at("/response/status").asInt()).isEqualTo(404);
    assertThat(byPath(events, "/status/404").at("/response/body/status").asInt()).isEqualTo(404);
    assertThat(byPath(events, "/status/503").at("/response/status").asInt()).isEqualTo(503);
    JsonNode empty = byPath(events, "/status/204");
    assertThat(empty.at("/response/status").asInt()).isEqualTo(204);
    assertThat(empty.at("/response/body").isMissingNode()).isTrue();
    assertThat(moesif.stats().outgoingFailures()).isZero();
  }

  @Test
  void connectionRefusedReachesTheCallerUnchangedAndIsCountedWithoutAnEvent() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);
    URI dead = TargetServer.deadUri("/json");
    Throwable expected = catchThrowable(() -> baseline(TIMEOUT).execute(Request.get(dead)));
    assertThat(expected).as("the client without the SDK fails").isNotNull();

    Throwable thrown = catchThrowable(() -> client.execute(Request.get(dead)));

    assertThat(thrown).isExactlyInstanceOf(expected.getClass());
    noEvents(moesif);
    MoesifStats stats = moesif.stats();
    assertThat(stats.outgoingFailures()).isEqualTo(seesConnectFailures() ? 1 : 0);
    assertThat(stats.internalErrors()).isZero();
  }

  @Test
  void timeoutsReachTheCallerUnchangedAndAreCountedWithoutAnEvent() throws Exception {
    Duration readTimeout = Duration.ofMillis(300);
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif, readTimeout);
    // The server sleeps far past the read timeout (the test's end interrupts it).
    String slow = "/slow?ms=60000";
    Throwable expected = catchThrowable(() -> baseline(readTimeout).execute(Request.get(target.uri(slow))));
    assertThat(expected).as("the client without the SDK times out").isNotNull();

    Throwable thrown = catchThrowable(() -> client.execute(Request.get(target.uri(slow))));

    assertThat(target.slowAnswers()).as("answers the server had sent when the caller's timeout came").isZero();
    assertThat(thrown).isExactlyInstanceOf(expected.getClass());
    noEvents(moesif);
    assertThat(moesif.stats().outgoingFailures()).isEqualTo(seesTimeoutsBeforeAResponse() ? 1 : 0);
    assertThat(moesif.stats().internalErrors()).isZero();
  }

  @Test
  void asynchronousCallsAreCaptured() throws Exception {
    assumeThat(supportsAsync()).as("adapter has an asynchronous API").isTrue();
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);
    byte[] body = "{\"async\":true}".getBytes(StandardCharsets.UTF_8);

    CompletableFuture<Response> get = client.executeAsync(Request.get(target.uri("/json")));
    CompletableFuture<Response> post = client.executeAsync(Request.post(target.uri("/echo"), body, "application/json"));
    CompletableFuture<Response> failed = client.executeAsync(Request.get(TargetServer.deadUri("/json")));

    assertThat(get.get(10, TimeUnit.SECONDS).text()).isEqualTo(TargetServer.JSON);
    assertThat(post.get(10, TimeUnit.SECONDS).body()).isEqualTo(body);
    assertThat(catchThrowable(() -> failed.get(10, TimeUnit.SECONDS))).isNotNull();
    List<JsonNode> events = exactlyEvents(moesif, 2);
    assertThat(byPath(events, "/json").at("/response/body")).isEqualTo(json(TargetServer.JSON));
    assertThat(byPath(events, "/echo").at("/request/body")).isEqualTo(json("{\"async\":true}"));
    assertThat(byPath(events, "/echo").at("/response/body")).isEqualTo(json("{\"async\":true}"));
    assertThat(transactionIds(events)).isEqualTo(receivedTransactionIds());
    assertThat(moesif.stats().outgoingFailures()).isEqualTo(seesConnectFailures() ? 1 : 0);
  }

  @Test
  void concurrentCallsProduceExactlyOneEventEach() throws Exception {
    int calls = 8;
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      CountDownLatch ready = new CountDownLatch(calls);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        futures.add(pool.submit(() -> {
          ready.countDown();
          ready.await(5, TimeUnit.SECONDS);
          return client.execute(Request.post(target.uri("/echo"), body, "application/json"));
        }));
      }
      for (int i = 0; i < calls; i++) {
        assertThat(futures.get(i).get(10, TimeUnit.SECONDS).text()).isEqualTo("{\"n\":" + i + "}");
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    List<JsonNode> events = exactlyEvents(moesif, calls);
    Set<Integer> seen = new HashSet<>();
    for (JsonNode event : events) {
      int n = event.at("/request/body/n").asInt();
      assertThat(event.at("/response/body/n").asInt()).as("response paired with its request").isEqualTo(n);
      seen.add(n);
    }
    assertThat(seen).hasSize(calls);
    assertThat(transactionIds(events)).hasSize(calls).isEqualTo(receivedTransactionIds());
  }

  @Test
  void transactionIdIsSentToTheTargetAndEqualsTheEventsId() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    client.execute(Request.get(target.uri("/json")));

    TargetServer.Received received = target.received("/json").get(0);
    assertThat(received.headerValues(TRANSACTION_HEADER)).hasSize(1);
    String sent = received.header(TRANSACTION_HEADER);
    assertThat(sent).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.get("transaction_id").asText()).isEqualTo(sent);
    assertThat(header(event.at("/request/headers"), TRANSACTION_HEADER)).isEqualTo(sent);
  }

  @Test
  void aTransactionIdTheCallerSetIsKeptNotDuplicated() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    client.execute(Request.get(target.uri("/json")).withHeader(TRANSACTION_HEADER, "caller-chosen-id"));

    assertThat(target.received("/json").get(0).headerValues(TRANSACTION_HEADER)).containsExactly("caller-chosen-id");
    assertThat(exactlyEvents(moesif, 1).get(0).get("transaction_id").asText()).isEqualTo("caller-chosen-id");
  }

  @Test
  void aCallersTransactionIdWithASpaceIsKeptAsTheEventsOneId() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    client.execute(Request.get(target.uri("/json")).withHeader(TRANSACTION_HEADER, "order 42"));

    assertThat(target.received("/json").get(0).headerValues(TRANSACTION_HEADER)).containsExactly("order 42");
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.get("transaction_id").asText()).isEqualTo("order 42");
    assertThat(header(event.at("/request/headers"), TRANSACTION_HEADER)).isEqualTo("order 42");
  }

  /**
   * One rule for header names in both directions and for every client: lower case, whatever case
   * the caller or the target used (the JDK's HttpClient reports response names in lower case, so
   * the peer's spelling cannot be the same everywhere).
   */
  @Test
  void headerNamesAreLowerCaseInBothDirections() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    client.execute(Request.get(target.uri("/json")).withHeader("X-Mixed-CASE", "v"));

    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.at("/request/headers").path("x-mixed-case").asText()).isEqualTo("v");
    assertThat(event.at("/response/headers").path("content-type").asText()).startsWith("application/json");
    for (String part : List.of("/request/headers", "/response/headers")) {
      event.at(part).fieldNames().forEachRemaining(name ->
          assertThat(name).as(part).isEqualTo(name.toLowerCase(java.util.Locale.ROOT)));
    }
  }

  @Test
  void disabledTransactionIdsAddNoHeader() throws Exception {
    Moesif moesif = moesif(b -> b.transactionIdHeader(false));
    ClientUnderTest client = open(moesif);

    client.execute(Request.get(target.uri("/json")));

    assertThat(target.received("/json").get(0).header(TRANSACTION_HEADER)).isNull();
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.has("transaction_id")).isFalse();
  }

  @Test
  void callsToTheCollectorItselfAreNeverCaptured() throws Exception {
    Moesif moesif = moesif();
    ClientUnderTest client = open(moesif);

    Response probe = client.execute(Request.get(URI.create(collector.baseUri() + "/v1/probe")));
    client.execute(Request.get(target.uri("/json")));

    assertThat(probe.status()).isEqualTo(200);
    assertThat(collector.requests("/v1/probe")).singleElement()
        .satisfies(r -> assertThat(r.header(TRANSACTION_HEADER)).isNull());
    List<JsonNode> events = exactlyEvents(moesif, 1);
    assertThat(events.get(0).at("/request/uri").asText()).isEqualTo(target.uri("/json").toString());
    // The SDK's own uploads went through its internal client, not the one under test.
    assertThat(collector.requests("/v1/events/batch")).allSatisfy(r -> assertThat(r.header(TRANSACTION_HEADER)).isNull());
  }

  @Test
  void captureOffPassesEverythingThroughUntouched() throws Exception {
    Moesif moesif = moesif(b -> b.captureOutgoingRequests(false));
    ClientUnderTest client = open(moesif);
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    Response get = client.execute(Request.get(target.uri("/json")));
    Response post = client.execute(Request.post(target.uri("/echo"), body, "application/json"));

    assertThat(get.text()).isEqualTo(TargetServer.JSON);
    assertThat(post.body()).isEqualTo(body);
    assertThat(target.received()).hasSize(2).allSatisfy(r -> assertThat(r.header(TRANSACTION_HEADER)).isNull());
    noEvents(moesif);
    assertThat(moesif.stats().internalErrors()).isZero();
  }

  @Test
  void logBodyOutgoingOffCapturesNoBodies() throws Exception {
    Moesif moesif = moesif(b -> b.logBodyOutgoing(false));
    ClientUnderTest client = open(moesif);
    byte[] body = "{\"secret\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    Response response = client.execute(Request.post(target.uri("/echo"), body, "application/json"));

    assertThat(response.body()).isEqualTo(body);
    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.at("/request/body").isMissingNode()).isTrue();
    assertThat(event.at("/response/body").isMissingNode()).isTrue();
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
  }

  @Test
  void outgoingHooksSkipIdentifyAndReachTheNativeRequest() throws Exception {
    Class<?> nativeType = nativeRequestType();
    Moesif moesif =
        moesif(b -> b.skipOutgoing((req, res) -> req.path().equals("/binary"))
            .identifyUserOutgoing((req, res) -> req.header("X-User"))
            .identifyCompanyOutgoing((req, res) -> res.status() == 200 ? "company-ok" : null)
            .sessionTokenOutgoing((req, res) ->
                nativeType == null ? "not-checked" : req.unwrap(nativeType) != null ? "native-ok" : "native-missing")
            .metadataOutgoing((req, res) -> Map.of("path", req.path(), "incoming", req.direction().name())));
    ClientUnderTest client = open(moesif);

    client.execute(Request.get(target.uri("/binary")));
    client.execute(Request.get(target.uri("/json")).withHeader("X-User", "alice"));

    JsonNode event = exactlyEvents(moesif, 1).get(0);
    assertThat(event.at("/request/uri").asText()).endsWith("/json");
    assertThat(event.get("user_id").asText()).isEqualTo("alice");
    assertThat(event.get("company_id").asText()).isEqualTo("company-ok");
    assertThat(event.get("session_token").asText()).isEqualTo(nativeType == null ? "not-checked" : "native-ok");
    assertThat(event.at("/metadata/path").asText()).isEqualTo("/json");
    assertThat(event.at("/metadata/incoming").asText()).isEqualTo("OUTGOING");
    assertThat(moesif.stats().skipped()).isEqualTo(1);
    assertThat(moesif.stats().hookErrors()).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonNode byPath(List<JsonNode> events, String path) {
    return events.stream()
        .filter(e -> URI.create(e.at("/request/uri").asText()).getPath().equals(path))
        .reduce((a, b) -> {
          throw new AssertionError("more than one event for " + path + ": " + events);
        })
        .orElseThrow(() -> new AssertionError("no event for " + path + " in " + events));
  }

  /** A header value from an event's header object, names compared case-insensitively. */
  protected static String header(JsonNode headers, String name) {
    for (Map.Entry<String, JsonNode> field : headers.properties()) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  private static Set<String> transactionIds(List<JsonNode> events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.get("transaction_id").asText()));
    return ids;
  }

  private Set<String> receivedTransactionIds() {
    Set<String> ids = new HashSet<>();
    target.received().forEach(r -> ids.add(r.header(TRANSACTION_HEADER)));
    return ids;
  }
}
