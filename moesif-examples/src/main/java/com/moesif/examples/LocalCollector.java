package com.moesif.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * A local stand-in for the Moesif Collector API (collector-api.md §2), for demos, benchmarks and
 * tests: no account, no internet.
 *
 * <p>Every event it accepts is appended as one JSON line to the events file, exactly as the SDK
 * sent it, so {@code jq} and friends work on it unchanged. Entity calls (users, companies,
 * subscriptions) go to a sibling file, {@code <name>.entities.jsonl}, one {@code {"_kind": "user",
 * "entity": {...}}} line per entity, created only when the first one arrives: keeping them out of
 * the events file means every line of it has the same shape.
 *
 * <p>{@code GET /v1/config} and {@code GET /v1/rules} serve the given files (re-read on every call,
 * so they can be edited while it runs), or {@code {}} and {@code []}. Paths are matched from their
 * {@code /v1/} segment on, so a base URI with a path prefix ({@code http://127.0.0.1:9500/collector})
 * works too.
 *
 * <p>Everything outside {@code /v1/} is the event viewer: a page at {@code /} (plain HTML, CSS and
 * JavaScript from this jar, nothing fetched from elsewhere) and the small JSON API it polls, {@code
 * GET /api/events?since=SEQ} and {@code GET /api/stats}. See {@link EventViewer}.
 */
public final class LocalCollector implements AutoCloseable {
  /** The port {@code collector} listens on and {@code serve} ships to when none is given. */
  public static final int DEFAULT_PORT = 9500;

  /** Largest request body accepted, compressed and after decompression (a gzip bomb gets 413). */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  /** How many of the latest events {@link #recentEvents()} (and the event viewer) keep. */
  static final int RECENT_LIMIT = 500;

  /** The entity kinds of the entity endpoints, in the order {@link #entityCounts()} lists them. */
  static final List<String> ENTITY_KINDS = List.of("user", "company", "subscription");

  static final String APP_ID_HEADER = "X-Moesif-Application-Id";
  static final String CONFIG_ETAG_HEADER = "X-Moesif-Config-ETag";
  static final String RULES_TAG_HEADER = "X-Moesif-Rules-Tag";

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_ARRAY = "[]".getBytes(StandardCharsets.US_ASCII);

  /** What a POST route carries: its entity kind in the entities file, or null for events. */
  private record PostRoute(@Nullable String kind, boolean batch) {}

  private static final Map<String, PostRoute> POST_ROUTES =
      Map.of(
          "/v1/events/batch", new PostRoute(null, true),
          "/v1/events", new PostRoute(null, false),
          "/v1/users", new PostRoute("user", false),
          "/v1/users/batch", new PostRoute("user", true),
          "/v1/companies", new PostRoute("company", false),
          "/v1/companies/batch", new PostRoute("company", true),
          "/v1/subscriptions", new PostRoute("subscription", false),
          "/v1/subscriptions/batch", new PostRoute("subscription", true));

  // Nesting is capped like the SDK's own parser: a hostile body fails fast instead of recursing.
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).build())
                  .build())
          .build();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path eventsFile;
  private final Path entitiesFile;
  private final @Nullable Path configFile;
  private final @Nullable Path rulesFile;

  // Guarded by this: file appends, the recent list and the viewer's counters change together, so
  // what the page shows always matches the files.
  private final Writer eventsWriter;
  private @Nullable Writer entitiesWriter;
  private final ArrayDeque<Received> recent = new ArrayDeque<>();
  private final EventViewer.Tally tally = new EventViewer.Tally();
  private final Map<String, Long> entityCounts = new LinkedHashMap<>();
  private long eventCount;
  private long entityCount;
  private long rulesServed;

  /**
   * One accepted event with its sequence number (1, 2, ... in arrival order: the viewer polls
   * with the last one it has) and when it arrived.
   */
  record Received(long seq, Instant receivedAt, ObjectNode event) {}

  private LocalCollector(
      HttpServer server,
      ExecutorService executor,
      Path eventsFile,
      @Nullable Path configFile,
      @Nullable Path rulesFile)
      throws IOException {
    this.server = server;
    this.executor = executor;
    this.eventsFile = eventsFile;
    this.entitiesFile = siblingEntitiesFile(eventsFile);
    this.configFile = configFile;
    this.rulesFile = rulesFile;
    this.eventsWriter = append(eventsFile);
    ENTITY_KINDS.forEach(kind -> entityCounts.put(kind, 0L));
  }

  /**
   * Starts listening on {@code 127.0.0.1:port} (0 picks a free port), appending to {@code
   * eventsFile} (created with its directories if needed).
   *
   * @param configFile served by {@code GET /v1/config}; null serves {@code {}}
   * @param rulesFile served by {@code GET /v1/rules}; null serves {@code []}
   * @throws IOException if the port is taken, a file cannot be opened, or the config or rules file
   *     is missing or not JSON (checked now, so a typo fails at start rather than on first fetch)
   */
  public static LocalCollector start(
      int port, Path eventsFile, @Nullable Path configFile, @Nullable Path rulesFile)
      throws IOException {
    // The JDK's HTTP server writes headers and body separately with Nagle on: against the
    // client's delayed ACK, every answer then waits ~40 ms, which caps an SDK with two workers at
    // ~5,000 events/s. The JDK reads this once, when its first server starts in this JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    Path out = eventsFile.toAbsolutePath();
    Path parent = out.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-collector-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    LocalCollector collector;
    try {
      collector = new LocalCollector(server, executor, out, configFile, rulesFile);
      readJsonFile(configFile, EMPTY_OBJECT);
      readJsonFile(rulesFile, EMPTY_ARRAY);
    } catch (IOException | RuntimeException e) {
      server.stop(0);
      executor.shutdownNow();
      throw e;
    }
    server.createContext("/", collector::handle);
    server.setExecutor(executor);
    server.start();
    return collector;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** What to give the SDK as {@code BASE_URI}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public Path eventsFile() {
    return eventsFile;
  }

  /** Where entity calls are written (it exists only once one has arrived). */
  public Path entitiesFile() {
    return entitiesFile;
  }

  /** Events accepted since start. */
  public synchronized long eventCount() {
    return eventCount;
  }

  /** Users, companies and subscriptions accepted since start. */
  public synchronized long entityCount() {
    return entityCount;
  }

  /** Accepted entities by kind ({@code user}, {@code company}, {@code subscription}). */
  public synchronized Map<String, Long> entityCounts() {
    return Map.copyOf(entityCounts);
  }

  /** The latest events accepted (at most {@value #RECENT_LIMIT}), oldest first. Do not modify them. */
  public synchronized List<JsonNode> recentEvents() {
    List<JsonNode> events = new ArrayList<>(recent.size());
    recent.forEach(r -> events.add(r.event()));
    return events;
  }

  /** Events with a sequence number above {@code since}, oldest first, at most {@code limit}. */
  synchronized List<Received> receivedSince(long since, int limit) {
    List<Received> out = new ArrayList<>();
    for (Received r : recent) {
      if (r.seq() > since && out.size() < limit) {
        out.add(r);
      }
    }
    return out;
  }

  /** The viewer's counters and charts, over everything accepted since start. */
  synchronized ObjectNode stats() {
    ObjectNode entities = MAPPER.createObjectNode();
    entityCounts.forEach(entities::put);
    return tally.toJson(MAPPER, eventCount, entities, recent);
  }

  /**
   * Waits until {@code GET /v1/rules} has been answered {@code count} times: an SDK fetches its
   * config and then its rules when it starts, so this says it has (nearly) both.
   *
   * @return false if that did not happen within the timeout
   */
  public boolean awaitRulesServed(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (rulesServed < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /** Stops listening at once and closes the files. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closeQuietly(eventsWriter);
      if (entitiesWriter != null) {
        closeQuietly(entitiesWriter);
      }
    }
  }

  /** Reads an events file back: one event per non-blank line. */
  static List<JsonNode> readEvents(Path file) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        events.add(MAPPER.readTree(line));
      }
    }
    return events;
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = normalisePath(exchange.getRequestURI().getPath());
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      if (!path.startsWith("/v1/")) {
        EventViewer.handle(this, exchange, path, method);
        return;
      }
      PostRoute post = POST_ROUTES.get(path);
      boolean get = path.equals("/v1/config") || path.equals("/v1/rules");
      if (post == null && !get) {
        reply(exchange, 404, error("no such collector endpoint: " + path));
        return;
      }
      String allowed = post != null ? "POST" : "GET";
      if (!method.equals(allowed)) {
        exchange.getResponseHeaders().set("Allow", allowed);
        reply(exchange, 405, error(method + " is not allowed on " + path + "; use " + allowed));
        return;
      }
      String appId = exchange.getRequestHeaders().getFirst(APP_ID_HEADER);
      if (appId == null || appId.isBlank()) {
        reply(exchange, 401, error("missing " + APP_ID_HEADER + " header"));
        return;
      }
      if (post != null) {
        acceptPost(exchange, post);
      } else if (path.equals("/v1/config")) {
        byte[] body = readJsonFile(configFile, EMPTY_OBJECT);
        exchange.getResponseHeaders().set(CONFIG_ETAG_HEADER, tag(body));
        reply(exchange, 200, body);
      } else {
        byte[] body = readJsonFile(rulesFile, EMPTY_ARRAY);
        exchange.getResponseHeaders().set(RULES_TAG_HEADER, tag(body));
        reply(exchange, 200, body);
        rulesAnswered();
      }
    } catch (IOException | RuntimeException e) {
      // The client may have gone; answering is best effort. The collector itself keeps serving.
      try {
        reply(exchange, 500, error("collector error: " + e));
      } catch (IOException | RuntimeException ignored) {
        // headers were already sent or the connection is gone
      }
    } finally {
      exchange.close();
    }
  }

  private void acceptPost(HttpExchange exchange, PostRoute route) throws IOException {
    JsonNode body;
    try {
      body = MAPPER.readTree(readBody(exchange));
    } catch (BodyTooLargeException e) {
      reply(exchange, 413, error("body larger than " + MAX_BODY_BYTES + " bytes (after decompression)"));
      return;
    } catch (ZipException e) {
      reply(exchange, 400, error("body is not valid gzip: " + e.getMessage()));
      return;
    } catch (JsonProcessingException e) {
      reply(exchange, 400, error("body is not valid JSON: " + e.getOriginalMessage()));
      return;
    }
    List<ObjectNode> items = new ArrayList<>();
    if (route.batch() && body != null && body.isArray()) {
      for (JsonNode item : body) {
        if (!item.isObject()) {
          reply(exchange, 400, error("every element of a batch must be a JSON object"));
          return;
        }
        items.add((ObjectNode) item);
      }
    } else if (!route.batch() && body != null && body.isObject()) {
      items.add((ObjectNode) body);
    } else {
      reply(exchange, 400, error(route.batch() ? "expected a JSON array" : "expected a JSON object"));
      return;
    }
    if (route.kind() == null) {
      appendEvents(items);
      // Let the SDK's change detection see the current config and rules, as Moesif's does.
      exchange.getResponseHeaders().set(CONFIG_ETAG_HEADER, tag(readJsonFile(configFile, EMPTY_OBJECT)));
      exchange.getResponseHeaders().set(RULES_TAG_HEADER, tag(readJsonFile(rulesFile, EMPTY_ARRAY)));
    } else {
      appendEntities(route.kind(), items);
    }
    reply(exchange, 201, EMPTY_OBJECT);
  }

  private synchronized void rulesAnswered() {
    rulesServed++;
    notifyAll();
  }

  private synchronized void appendEvents(List<ObjectNode> events) throws IOException {
    Instant now = Instant.now();
    for (ObjectNode event : events) {
      eventsWriter.write(MAPPER.writeValueAsString(event));
      eventsWriter.write('\n');
      recent.addLast(new Received(eventCount + 1, now, event));
      if (recent.size() > RECENT_LIMIT) {
        recent.removeFirst();
      }
      tally.add(event, now);
      eventCount++;
    }
    // Flushed before answering, so whoever sees the 201 (the SDK's flush) can read the file.
    eventsWriter.flush();
  }

  private synchronized void appendEntities(String kind, List<ObjectNode> entities) throws IOException {
    Writer writer = entitiesWriter;
    if (writer == null) {
      writer = append(entitiesFile);
      entitiesWriter = writer;
    }
    for (ObjectNode entity : entities) {
      ObjectNode line = MAPPER.createObjectNode();
      line.put("_kind", kind);
      line.set("entity", entity);
      writer.write(MAPPER.writeValueAsString(line));
      writer.write('\n');
    }
    writer.flush();
    entityCount += entities.size();
    entityCounts.merge(kind, (long) entities.size(), Long::sum);
  }

  /** The request body, gunzipped when it says so or starts with the gzip magic, both bounded. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream raw = new BufferedInputStream(new BoundedInputStream(exchange.getRequestBody()));
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
    raw.mark(2);
    // Also sniff the magic: a proxy may have dropped the header but not the compression.
    gzip = gzip || (raw.read() == 0x1f && raw.read() == 0x8b);
    raw.reset();
    InputStream in = gzip ? new BoundedInputStream(new GZIPInputStream(raw, 8192)) : raw;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static byte[] readJsonFile(@Nullable Path file, byte[] fallback) throws IOException {
    if (file == null) {
      return fallback;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "file not found");
    }
    try {
      MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return bytes;
  }

  /** A stable tag of the content: it changes exactly when the file's content does. */
  static String tag(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String normalisePath(@Nullable String path) {
    String p = path == null ? "/" : path;
    int v1 = p.indexOf("/v1/");
    if (v1 > 0) {
      p = p.substring(v1);
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  static byte[] error(String message) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("error", message);
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  private static Writer append(Path file) throws IOException {
    return new BufferedWriter(
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
  }

  private static Path siblingEntitiesFile(Path eventsFile) {
    String name = String.valueOf(eventsFile.getFileName());
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return eventsFile.resolveSibling(stem + ".entities.jsonl");
  }

  private static void closeQuietly(Writer writer) {
    try {
      writer.close();
    } catch (IOException ignored) {
      // nothing useful to do at shutdown; every write was already flushed
    }
  }

  /** Signals a body over {@link #MAX_BODY_BYTES}. */
  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("request body over " + MAX_BODY_BYTES + " bytes");
    }
  }

  /** Fails with {@link BodyTooLargeException} once more than {@link #MAX_BODY_BYTES} were read. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long remaining = MAX_BODY_BYTES;

    BoundedInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --remaining < 0) {
        throw new BodyTooLargeException();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        remaining -= n;
        if (remaining < 0) {
          throw new BodyTooLargeException();
        }
      }
      return n;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
