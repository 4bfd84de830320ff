package com.moesif.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A collector for load runs that only counts: {@code POST /v1/events/batch} bodies (gzip'd or
 * not) are streamed through a JSON parser that counts the array's objects and sums their
 * top-level {@code weight} (1 where absent: the calls each event stands for), skipping the rest of
 * their content; everything else gets {@code 201 {}}, {@code GET /v1/config} {@code {}} and {@code GET
 * /v1/rules} {@code []}. The examples' {@link com.moesif.examples.LocalCollector} validates,
 * re-serialises and stores every event: sharing a core with wrk, that made it the bottleneck of
 * the delivery measurement (the SDK's queue then fills and drops), which is what this avoids.
 */
final class CountingCollector implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_ARRAY = "[]".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong weighted = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private volatile boolean down;

  private CountingCollector(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static CountingCollector start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "counting-collector-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CountingCollector collector = new CountingCollector(server, executor);
    server.createContext("/", collector::handle);
    server.setExecutor(executor);
    server.start();
    return collector;
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long eventCount() {
    return events.get();
  }

  /** The calls the received events stand for: the sum of their weights. */
  long weightedEventCount() {
    return weighted.get();
  }

  /** While down, event posts are answered 503 unread: an outage the SDK retries and backs off from. */
  void setDown(boolean down) {
    this.down = down;
  }

  long malformedBatches() {
    return malformed.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] answer = EMPTY_OBJECT;
      int status = 201;
      if (exchange.getRequestMethod().equals("GET")) {
        status = 200;
        answer = path.endsWith("/v1/rules") ? EMPTY_ARRAY : EMPTY_OBJECT;
      } else if (down && path.contains("/v1/events")) {
        status = 503;
      } else if (path.endsWith("/v1/events/batch")) {
        try {
          long[] counted = countObjects(body(exchange));
          events.addAndGet(counted[0]);
          weighted.addAndGet(counted[1]);
        } catch (IOException e) {
          malformed.incrementAndGet();
          status = 400;
        }
      } else if (path.endsWith("/v1/events")) {
        long[] counted = countObjects(body(exchange));
        events.addAndGet(counted[0]);
        weighted.addAndGet(counted[1]);
      } else {
        body(exchange).transferTo(java.io.OutputStream.nullOutputStream());
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream in = new BufferedInputStream(exchange.getRequestBody(), 16384);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    boolean gzip = (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")) || (b1 == 0x1f && b2 == 0x8b);
    return gzip ? new GZIPInputStream(in, 16384) : in;
  }

  /**
   * {objects, sum of their weights} of a top-level JSON array, or of a single object (the
   * single-event endpoint); each object's fields other than {@code weight} are skipped unparsed.
   */
  static long[] countObjects(InputStream in) throws IOException {
    long count = 0;
    long weights = 0;
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        return new long[] {1, weightOf(parser)};
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IOException("not a JSON array");
      }
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw new IOException("truncated array");
        }
        if (token == JsonToken.START_OBJECT) {
          count++;
          weights += weightOf(parser);
        } else {
          parser.skipChildren();
        }
      }
    }
    return new long[] {count, weights};
  }

  /** Reads one object's fields (the parser is on its START_OBJECT) and returns its weight. */
  private static long weightOf(JsonParser parser) throws IOException {
    long weight = 1;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      if (token == null) {
        throw new IOException("truncated object");
      }
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("weight".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
        weight = parser.getLongValue();
      } else {
        parser.skipChildren();
      }
    }
    return weight;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
