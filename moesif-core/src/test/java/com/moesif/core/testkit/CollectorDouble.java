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
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * An in-process Moesif collector for tests: a JDK HttpServer on 127.0.0.1 that accepts every
 * endpoint of the Collector API, decodes (gunzips) batches and records what it received, with
 * programmable replies for fault tests. Assertions are made on what it received, never on SDK
 * internals.
 */
public final class CollectorDouble implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, Reply> responder = CollectorDouble::defaultReply;

  private CollectorDouble(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static CollectorDouble start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "collector-double");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      CollectorDouble collector = new CollectorDouble(server, executor);
      server.createContext("/", collector::handle);
      server.start();
      return collector;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every event decoded from accepted {@code POST /v1/events/batch} calls, in arrival order. */
  public List<JsonNode> events() {
    return List.copyOf(events);
  }

  public List<JsonNode> awaitEvents(int count) {
    return awaitEvents(count, Duration.ofSeconds(10));
  }

  public List<JsonNode> awaitEvents(int count, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> events.size() >= count);
    return events();
  }

  /** Every request received, on any path. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests to one path, e.g. {@code /v1/events/batch}. */
  public List<RecordedRequest> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  public void respondWith(Function<RecordedRequest, Reply> responder) {
    this.responder = responder;
  }

  public void reset() {
    events.clear();
    requests.clear();
    responder = CollectorDouble::defaultReply;
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
    return switch (request.path()) {
      case "/v1/config" -> new Reply(200, Map.of("X-Moesif-Config-ETag", "etag-0"), "{}", Duration.ZERO);
      case "/v1/rules" -> new Reply(200, Map.of(), "[]", Duration.ZERO);
      default -> Reply.ok();
    };
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      String encoding = first(headers, "Content-Encoding");
      byte[] decoded = raw;
      if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          decoded = in.readAllBytes();
        } catch (IOException e) {
          decoded = new byte[0];
        }
      }
      RecordedRequest request =
          new RecordedRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Collections.unmodifiableMap(headers),
              raw,
              decoded);
      requests.add(request);
      Reply reply = responder.apply(request);
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (reply.status() >= 200 && reply.status() < 300 && request.path().endsWith("/v1/events/batch")) {
        JsonNode batch = JSON.readTree(decoded);
        batch.forEach(events::add);
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** One request as the collector received it. */
  public record RecordedRequest(
      String method, String path, Map<String, List<String>> headers, byte[] rawBody, byte[] decodedBody) {

    public String header(String name) {
      return first(headers, name);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(decodedBody);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** What the collector answers. */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    public static Reply ok() {
      return new Reply(200, Map.of(), "{}", Duration.ZERO);
    }

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

  /** All request paths received, for failure messages. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    requests.forEach(r -> paths.add(r.method() + " " + r.path()));
    return paths;
  }
}
