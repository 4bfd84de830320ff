package com.moesif.core.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * The server that outgoing-call tests call: a JDK HttpServer on 127.0.0.1 with a few fixed routes,
 * recording every request it received (headers and body) so tests can check what actually went
 * over the wire. Routes:
 *
 * <ul>
 *   <li>{@code GET /json}: {@value #JSON}
 *   <li>{@code POST /echo}: the request body, with the request's {@code Content-Type}
 *   <li>{@code GET /large?size=N}: N bytes of {@code text/plain} ({@link #largeBody(int)})
 *   <li>{@code GET /binary}: the 256 byte values 0..255, {@code application/octet-stream}
 *   <li>{@code GET /gzip}: {@value #GZIP_JSON} gzip-compressed, with {@code Content-Encoding: gzip}
 *       (always, whatever the request's {@code Accept-Encoding})
 *   <li>{@code GET /redirect}: 302 to {@code /json}
 *   <li>{@code GET /status/{code}}: that status, with a small JSON body unless 204/304
 *   <li>{@code GET /slow?ms=N}: waits N ms (interruptibly) before answering {@value #JSON}
 *   <li>{@code GET /stream?chunks=N&ms=M}: a chunked {@code text/event-stream} of N events {@code
 *       data: i\n\n}, each flushed, M ms apart ({@link #streamBody(int)} is the whole stream); with {@code gated=1} the events after
 *       the first wait for {@link #whileTheStreamIsHeld} instead
 * </ul>
 *
 * {@link #deadUri(String)} names a loopback port nothing listens on (connection refused).
 */
public final class TargetServer implements AutoCloseable {
  public static final String JSON = "{\"id\":42,\"name\":\"widget\"}";
  public static final String GZIP_JSON = "{\"compressed\":true,\"items\":[1,2,3]}";

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger slowAnswers = new AtomicInteger();
  /** Holds a gated stream's later events back until {@link #whileTheStreamIsHeld} has read. */
  private final java.util.concurrent.Semaphore streamGate = new java.util.concurrent.Semaphore(0);

  private TargetServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static TargetServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "target-server");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      TargetServer target = new TargetServer(server, executor);
      server.createContext("/", target::handle);
      server.start();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base address, {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** {@code baseUri() + pathAndQuery}. */
  public URI uri(String pathAndQuery) {
    return URI.create(baseUri() + pathAndQuery);
  }

  /** A loopback address that refuses connections: a port that was free a moment ago. */
  public static URI deadUri(String pathAndQuery) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body {@code /large?size=N} answers: a repeating, position-dependent pattern (so a lost or reordered chunk shows). */
  public static byte[] largeBody(int size) {
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = (byte) ('a' + (i % 26 + i / 26) % 26);
    }
    return body;
  }

  /** The body {@code /binary} answers. */
  public static byte[] binaryBody() {
    byte[] body = new byte[256];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    return body;
  }

  /** Every request received, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Requests received on one path (query excluded). */
  public List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** {@code /slow} answers sent so far: a call that timed out while the server slept saw none. */
  public int slowAnswers() {
    return slowAnswers.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // interrupts /slow handlers still sleeping
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      received.add(new Received(exchange.getRequestMethod(), path, query, Collections.unmodifiableMap(headers), body));
      route(exchange, path, query, body);
    }
  }

  private void route(HttpExchange exchange, String path, String query, byte[] requestBody) throws IOException {
    if (path.equals("/json")) {
      send(exchange, 200, "application/json", JSON.getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/echo")) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      send(exchange, 200, type == null ? "application/octet-stream" : type, requestBody);
    } else if (path.equals("/large")) {
      send(exchange, 200, "text/plain", largeBody(intParam(query, "size", 100_000)));
    } else if (path.equals("/binary")) {
      send(exchange, 200, "application/octet-stream", binaryBody());
    } else if (path.equals("/gzip")) {
      exchange.getResponseHeaders().add("Content-Encoding", "gzip");
      send(exchange, 200, "application/json", gzip(GZIP_JSON.getBytes(StandardCharsets.UTF_8)));
    } else if (path.equals("/redirect")) {
      exchange.getResponseHeaders().add("Location", "/json");
      send(exchange, 302, "text/plain", "see /json".getBytes(StandardCharsets.UTF_8));
    } else if (path.startsWith("/status/")) {
      int status = Integer.parseInt(path.substring("/status/".length()));
      byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
      send(exchange, status, "application/json", status == 204 || status == 304 ? new byte[0] : body);
    } else if (path.equals("/slow")) {
      try {
        Thread.sleep(intParam(query, "ms", 2_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the server is closing
      }
      send(exchange, 200, "application/json", JSON.getBytes(StandardCharsets.UTF_8));
      slowAnswers.incrementAndGet();
    } else if (path.equals("/stream")) {
      stream(exchange, intParam(query, "chunks", 3), intParam(query, "ms", 500), intParam(query, "gated", 0) == 1);
    } else {
      send(exchange, 404, "text/plain", ("no route " + path).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    if (body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      // Several writes, so clients see the body arrive in more than one chunk.
      for (int off = 0; off < body.length; off += 16_384) {
        out.write(body, off, Math.min(16_384, body.length - off));
      }
    }
  }

  private void stream(HttpExchange exchange, int chunks, int pauseMillis, boolean gated) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0); // chunked
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < chunks; i++) {
        if (i == 1 && gated) {
          streamGate.acquire();
        } else if (i > 0) {
          Thread.sleep(pauseMillis);
        }
        out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
    } catch (IOException clientWentAway) {
      // a client that closes a stream early is one of the scenarios
    }
  }

  /**
   * Runs {@code read} (the caller reading the first event of a {@code /stream?gated=1}) while the
   * server holds every later event back, then lets them go. A capture that read ahead would block
   * the caller until the rest came, so {@code read} not finishing while the rest is held (within a
   * generous 10 s) fails the test.
   */
  public <T> T whileTheStreamIsHeld(java.util.concurrent.Callable<T> read) throws Exception {
    java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(read);
    Thread reader = new Thread(task, "gated-stream-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return task.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the first event did not reach the caller while the server held the rest back", e);
    } finally {
      streamGate.release(Integer.MAX_VALUE / 2);
    }
  }

  /** The whole body of {@code /stream?chunks=N}. */
  public static String streamBody(int chunks) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      body.append("data: ").append(i).append("\n\n");
    }
    return body.toString();
  }

  private static int intParam(String query, String name, int fallback) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return Integer.parseInt(pair.substring(name.length() + 1));
        }
      }
    }
    return fallback;
  }

  /** Gzip-compresses bytes, for tests that build their own compressed bodies. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One request as the target received it. */
  public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    /** First value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header (empty when absent). */
    public List<String> headerValues(String name) {
      return headers.getOrDefault(name, List.of());
    }
  }
}
