package com.moesif.core.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An in-process Moesif collector for tests: a JDK {@code HttpServer} on 127.0.0.1 and a free
 * port that accepts every endpoint of the Collector API, records each request it gets and decodes
 * the events of {@code POST /v1/events/batch} (gzip'd or plain). Replies are programmable, so
 * tests can simulate outages, throttling and slow collectors. Tests assert on what arrived here,
 * which is what Moesif would have received.
 *
 * <p>By default every request is answered {@code 200 {}}, except {@code GET /v1/config} ({@code
 * {}} with {@code X-Moesif-Config-ETag: etag-0}) and {@code GET /v1/rules} ({@code []}); paths
 * match by suffix, so a base URI with a path (a secure proxy's) works too. The events of a batch are recorded only when its
 * reply is a 2xx, as a real collector only accepts those, and they are recorded before the reply
 * is sent, so a finished upload (or {@code Moesif.flush}) implies they are visible here.
 */
public final class CollectorDouble implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);
  /** How requests are answered until {@link #respondWith}: a responder can fall back to it. */
  public static final Function<RecordedRequest, Reply> DEFAULT_RESPONDER = CollectorDouble::defaultReply;

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, Reply> responder = DEFAULT_RESPONDER;

  private CollectorDouble(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a collector double on 127.0.0.1 and a free port. */
  public static CollectorDouble start() {
    AtomicInteger threads = new AtomicInteger();
    // Daemon threads: a test that forgets close() must not keep the JVM alive.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "collector-double-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      CollectorDouble collector = new CollectorDouble(server, executor);
      server.createContext("/", collector::handle);
      server.start();
      return collector;
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("could not start the collector double", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, to pass to {@code MoesifConfig.Builder.baseUri}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every event of every accepted batch, in arrival order (a snapshot). */
  public List<JsonNode> events() {
    return List.copyOf(events);
  }

  /** Waits up to 10 s until at least {@code count} events arrived; returns all events so far. */
  public List<JsonNode> awaitEvents(int count) {
    return awaitEvents(count, DEFAULT_AWAIT);
  }

  /**
   * Waits up to {@code timeout} until at least {@code count} events arrived; returns all events so
   * far.
   *
   * @throws AssertionError naming what did arrive when the timeout passes first
   */
  public List<JsonNode> awaitEvents(int count, Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> events.size() >= count);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "expected at least " + count + " events within " + timeout + " but the collector double got "
              + events.size() + " events from these requests: " + summary(),
          e);
    }
    return events();
  }

  /** Every HTTP request received, any path, in arrival order (a snapshot). */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests to one path, e.g. {@code /v1/events/batch}, in arrival order. */
  public List<RecordedRequest> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** {@code METHOD /path} of every request received, for failure messages. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    requests.forEach(r -> paths.add(r.method() + " " + r.path()));
    return paths;
  }

  /** {@return a responder that answers as {@code reply} once {@code gate} opens, holding the request until then} */
  public static Function<RecordedRequest, Reply> heldBy(
      java.util.concurrent.CountDownLatch gate, Function<RecordedRequest, Reply> reply) {
    return r -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return reply.apply(r);
    };
  }

  /** Replaces how requests are answered (until {@link #reset()}). */
  public void respondWith(Function<RecordedRequest, Reply> responder) {
    this.responder = java.util.Objects.requireNonNull(responder, "responder");
  }

  /** Forgets every recorded request and event and restores the default replies. */
  public void reset() {
    responder = DEFAULT_RESPONDER;
    requests.clear();
    events.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Reply defaultReply(RecordedRequest request) {
    if (request.method().equals("GET") && request.path().endsWith("/v1/config")) {
      return new Reply(200, Map.of("X-Moesif-Config-ETag", "etag-0"), "{}", Duration.ZERO);
    }
    if (request.method().equals("GET") && request.path().endsWith("/v1/rules")) {
      return new Reply(200, Map.of(), "[]", Duration.ZERO);
    }
    return Reply.ok();
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      byte[] raw;
      try (InputStream in = http.getRequestBody()) {
        raw = in.readAllBytes();
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      http.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
      String encoding = first(headers, "Content-Encoding");
      byte[] decoded = raw;
      if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
        try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          decoded = gunzip.readAllBytes();
        } catch (IOException e) {
          decoded = new byte[0]; // a broken gzip body: recorded raw, decodes to nothing
        }
      }
      RecordedRequest request =
          new RecordedRequest(
              http.getRequestMethod(),
              http.getRequestURI().getPath(),
              Collections.unmodifiableMap(headers),
              raw,
              decoded);
      requests.add(request);

      Reply reply;
      try {
        reply = responder.apply(request);
      } catch (RuntimeException e) {
        reply = new Reply(500, Map.of(), "{\"error\":\"responder threw " + e + "\"}", Duration.ZERO);
      }
      if (!reply.delay().isZero() && !reply.delay().isNegative()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // closing: drop the connection
        }
      }
      if (reply.status() / 100 == 2
          && request.method().equals("POST")
          && request.path().endsWith("/v1/events/batch")) {
        recordEvents(request);
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((name, value) -> http.getResponseHeaders().add(name, value));
      if (!reply.headers().keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase)) {
        http.getResponseHeaders().add("Content-Type", "application/json");
      }
      http.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = http.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private void recordEvents(RecordedRequest request) {
    JsonNode batch;
    try {
      batch = request.json();
    } catch (UncheckedIOException e) {
      return; // not JSON: the request stays recorded for diagnosis, no events
    }
    if (batch.isArray()) {
      batch.forEach(events::add);
    }
  }

  private String summary() {
    List<String> lines = new ArrayList<>();
    for (RecordedRequest r : requests) {
      lines.add(r.method() + " " + r.path() + " (" + r.decodedBody().length + " bytes)");
    }
    return lines.toString();
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * One request the collector double received.
   *
   * @param method HTTP method
   * @param path raw path, without the query
   * @param headers request headers; lookups ignore case
   * @param rawBody the body as sent
   * @param decodedBody the body gunzipped when {@code Content-Encoding: gzip}, else {@code rawBody}
   */
  public record RecordedRequest(
      String method, String path, Map<String, List<String>> headers, byte[] rawBody, byte[] decodedBody) {

    /** First value of a header (name case-insensitive), or null. */
    public String header(String name) {
      return first(headers, name);
    }

    /** The decoded body parsed as JSON. */
    public JsonNode json() {
      try {
        return MAPPER.readTree(decodedBody);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "body of " + method + " " + path + " is not JSON: " + new String(decodedBody, StandardCharsets.UTF_8), e);
      }
    }
  }

  /**
   * How the collector double answers one request.
   *
   * @param status HTTP status
   * @param headers response headers ({@code Content-Type: application/json} unless given)
   * @param body response body text
   * @param delay how long to wait before answering
   */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    public Reply {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** {@code 200 {}}. */
    public static Reply ok() {
      return new Reply(200, Map.of(), "{}", Duration.ZERO);
    }

    /** That status with body {@code {}}. */
    public static Reply status(int status) {
      return new Reply(status, Map.of(), "{}", Duration.ZERO);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Reply(status, copy, body, delay);
    }

    public Reply after(Duration delay) {
      return new Reply(status, headers, body, delay);
    }
  }
}
