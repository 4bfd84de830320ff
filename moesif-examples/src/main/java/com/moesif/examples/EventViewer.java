package com.moesif.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The local collector's event viewer: the page at {@code /} (three files under {@code
 * com/moesif/examples/viewer/} in this jar: no build step, nothing loaded from elsewhere, since
 * the machines it runs on often have no internet) and the JSON it polls:
 *
 * <pre>
 * GET /api/events?since=SEQ  {"events": [{"seq", "received", "event"}...], "last_seq", "total"}
 *                            the accepted events after SEQ (0: from the oldest still kept),
 *                            oldest first, from the collector's bounded in-memory list
 * GET /api/stats             {"events", "entities", "directions", "status_classes", "blocked",
 *                             "per_second": {"end", "counts"[60]}, "latency_ms": {p50, p90, p99, max}}
 * </pre>
 */
final class EventViewer {
  /** Most events one {@code /api/events} answer carries; the page asks again for the rest. */
  static final int PAGE_LIMIT = LocalCollector.RECENT_LIMIT;

  /** Seconds shown by the events-per-second chart. */
  static final int RATE_WINDOW_SECONDS = 60;

  /** How many distinct seconds the tally keeps: more than the chart shows, bounded all the same. */
  private static final int RATE_SECONDS_KEPT = 3600;

  private record Asset(String file, String contentType) {}

  private static final Map<String, Asset> ASSETS =
      Map.of(
          "/", new Asset("index.html", "text/html; charset=utf-8"),
          "/viewer.js", new Asset("viewer.js", "text/javascript; charset=utf-8"),
          "/viewer.css", new Asset("viewer.css", "text/css; charset=utf-8"));

  // The page shows captured API traffic (headers, bodies): only our own files may run or load in
  // it, so a script in an event body can never execute even if a rendering bug let it through.
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private EventViewer() {}

  static void handle(LocalCollector collector, HttpExchange exchange, String path, String method)
      throws IOException {
    if (!method.equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      LocalCollector.reply(exchange, 405, LocalCollector.error(method + " is not allowed on " + path + "; use GET"));
      return;
    }
    if (!isLocalHost(exchange.getRequestHeaders().getFirst("Host"), collector.port())) {
      // DNS rebinding: a web page elsewhere could point its own host name at 127.0.0.1 and read
      // the captured traffic through the visitor's browser. Browsers always send the name they
      // resolved, so only the loopback names are served.
      LocalCollector.reply(exchange, 403, LocalCollector.error("the event viewer answers only to 127.0.0.1 and localhost"));
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cache-Control", "no-store");
    switch (path) {
      case "/api/events" -> {
        Long since = sinceParameter(exchange.getRequestURI().getRawQuery());
        if (since == null) {
          LocalCollector.reply(exchange, 400, LocalCollector.error("since must be a non-negative integer"));
          return;
        }
        LocalCollector.reply(exchange, 200, LocalCollector.MAPPER.writeValueAsBytes(events(collector, since)));
      }
      case "/api/stats" -> LocalCollector.reply(exchange, 200, LocalCollector.MAPPER.writeValueAsBytes(collector.stats()));
      case "/favicon.ico" -> {
        exchange.sendResponseHeaders(204, -1);
      }
      default -> {
        Asset asset = ASSETS.get(path);
        if (asset == null) {
          LocalCollector.reply(exchange, 404, LocalCollector.error("no such page: " + path));
          return;
        }
        byte[] body = asset(asset.file());
        headers.set("Content-Type", asset.contentType());
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  private static ObjectNode events(LocalCollector collector, long since) {
    ObjectMapper mapper = LocalCollector.MAPPER;
    ObjectNode answer = mapper.createObjectNode();
    ArrayNode list = answer.putArray("events");
    long last = since;
    for (LocalCollector.Received r : collector.receivedSince(since, PAGE_LIMIT)) {
      ObjectNode item = list.addObject();
      item.put("seq", r.seq());
      item.put("received", r.receivedAt().toString());
      item.set("event", r.event());
      last = r.seq();
    }
    answer.put("last_seq", last);
    answer.put("total", collector.eventCount());
    return answer;
  }

  private static byte[] asset(String file) throws IOException {
    try (InputStream in = EventViewer.class.getResourceAsStream("viewer/" + file)) {
      if (in == null) {
        throw new IOException("viewer/" + file + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  /** The {@code since} query parameter: 0 when absent, null when it is not a non-negative integer. */
  static @Nullable Long sinceParameter(@Nullable String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return 0L;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("since=")) {
        try {
          long since = Long.parseLong(pair.substring("since=".length()));
          return since >= 0 ? since : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return 0L;
  }

  static boolean isLocalHost(@Nullable String host, int port) {
    if (host == null) {
      return true; // HTTP/1.0 clients (curl -0, scripts); browsers always send Host
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port);
  }

  /**
   * The counters behind {@code /api/stats}, updated as events arrive (under the collector's lock),
   * so the charts cover every event since start, not only the ones still in the recent list.
   */
  static final class Tally {
    private final long[] statusClasses = new long[6]; // [0]: no usable status; [1..5]: 1xx..5xx
    private long incoming;
    private long outgoing;
    private long blocked;
    // Epoch second of request.time -> events, bounded to the newest RATE_SECONDS_KEPT seconds.
    private final TreeMap<Long, Long> perSecond = new TreeMap<>();

    void add(JsonNode event, Instant receivedAt) {
      int status = event.path("response").path("status").asInt(0);
      statusClasses[status >= 100 && status <= 599 ? status / 100 : 0]++;
      String direction = event.path("direction").asText("Incoming");
      if (direction.equalsIgnoreCase("Outgoing")) {
        outgoing++;
      } else {
        incoming++;
      }
      if (event.hasNonNull("blocked_by")) {
        blocked++;
      }
      Instant time = instant(event.path("request").path("time"));
      perSecond.merge((time == null ? receivedAt : time).getEpochSecond(), 1L, Long::sum);
      while (perSecond.size() > RATE_SECONDS_KEPT) {
        perSecond.pollFirstEntry();
      }
    }

    ObjectNode toJson(
        ObjectMapper mapper, long total, ObjectNode entities, Collection<LocalCollector.Received> recent) {
      ObjectNode stats = mapper.createObjectNode();
      stats.put("events", total);
      stats.set("entities", entities);
      ObjectNode directions = stats.putObject("directions");
      directions.put("Incoming", incoming);
      directions.put("Outgoing", outgoing);
      ObjectNode classes = stats.putObject("status_classes");
      for (int c = 1; c <= 5; c++) {
        classes.put(c + "xx", statusClasses[c]);
      }
      classes.put("other", statusClasses[0]);
      stats.put("blocked", blocked);

      // The window ends at the newest second with events, not at "now": after a burst (the demo)
      // the chart keeps showing it instead of scrolling it away.
      long end = perSecond.isEmpty() ? Instant.now().getEpochSecond() : perSecond.lastKey();
      ObjectNode rate = stats.putObject("per_second");
      rate.put("end", end);
      ArrayNode counts = rate.putArray("counts");
      for (long s = end - RATE_WINDOW_SECONDS + 1; s <= end; s++) {
        counts.add(perSecond.getOrDefault(s, 0L));
      }

      List<Long> latencies = new ArrayList<>();
      for (LocalCollector.Received r : recent) {
        Instant from = instant(r.event().path("request").path("time"));
        Instant to = instant(r.event().path("response").path("time"));
        if (from != null && to != null && !to.isBefore(from)) {
          latencies.add(Duration.between(from, to).toMillis());
        }
      }
      latencies.sort(null);
      ObjectNode latency = stats.putObject("latency_ms");
      latency.put("count", latencies.size());
      for (int p : new int[] {50, 90, 99}) {
        Long value = percentile(latencies, p);
        if (value == null) {
          latency.putNull("p" + p);
        } else {
          latency.put("p" + p, value);
        }
      }
      if (latencies.isEmpty()) {
        latency.putNull("max");
      } else {
        latency.put("max", latencies.get(latencies.size() - 1));
      }
      return stats;
    }
  }

  /** Nearest-rank percentile of sorted values, or null when there are none. */
  static @Nullable Long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }

  private static @Nullable Instant instant(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
