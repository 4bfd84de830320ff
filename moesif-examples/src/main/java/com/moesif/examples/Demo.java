package com.moesif.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The README's first command: the local collector, the servlet example captured by the SDK and a
 * short mix of traffic, all in one JVM, then a summary built from what the collector received.
 * Ignores {@code MOESIF_*} settings on purpose: the demo must behave the same on every machine.
 */
final class Demo {
  static final String APPLICATION_ID = "local-demo-app";
  static final String FRAMEWORK = "servlet";

  /** One request the demo sent and what came back. */
  record Sent(String method, String target, int status, long millis) {}

  /** What a run produced; {@link #allArrived()} decides the exit code. */
  record Result(List<Sent> sent, List<JsonNode> events, MoesifStats stats, Path eventsFile) {
    boolean allArrived() {
      return events.size() >= sent.size();
    }
  }

  /** A request to send, with a label for the progress line. */
  private record Call(String method, String target, HttpRequest request) {}

  private Demo() {}

  /** Runs the demo writing to a fresh temporary directory; returns the process exit code. */
  static int main(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("moesif-demo-");
    Result result = run(out, dir.resolve("moesif-events.jsonl"));
    return result.allArrived() ? 0 : 1;
  }

  static Result run(PrintStream out, Path eventsFile) throws Exception {
    out.println("Moesif demo: example API -> SDK -> local collector, all in this JVM (no account, no internet)");
    out.println();
    try (LocalCollector collector = LocalCollector.start(0, eventsFile, null, null)) {
      out.println("collector listening on " + collector.baseUri() + ", writing " + ascii(collector.eventsFile().toString()));
      MoesifConfig config =
          MoesifConfig.builder()
              .applicationId(APPLICATION_ID)
              .baseUri(collector.baseUri())
              .batchTimeout(Duration.ofMillis(200))
              // The demo flushes and closes itself, in order: server, then SDK, then collector.
              .shutdownHook(false)
              .build();
      Moesif moesif = Moesif.create(config, FRAMEWORK);
      ExampleServer server = ExampleServer.create(FRAMEWORK);
      try {
        int port = server.start(0, moesif);
        out.println(FRAMEWORK + " example listening on http://127.0.0.1:" + port + " (Jetty 12, MoesifFilter)");
        out.println();

        List<Call> calls = calls(URI.create("http://127.0.0.1:" + port));
        out.println("sending " + calls.size() + " requests:");
        List<Sent> sent = send(out, calls);
        out.println();

        // A call counts as captured when the filter has finished with it, which can be a moment
        // after the client read the last byte; flushing before then could miss it.
        awaitCaptured(moesif, sent.size(), Duration.ofSeconds(5));
        long flushStart = System.nanoTime();
        boolean flushed = moesif.flush(Duration.ofSeconds(10));
        out.printf(
            "flushed the SDK in %d ms%s%n",
            (System.nanoTime() - flushStart) / 1_000_000,
            flushed ? "" : " (timed out with events still pending)");

        // Read back what the collector wrote, not what we sent: that is what the demo shows.
        List<JsonNode> events = new ArrayList<>(LocalCollector.readEvents(collector.eventsFile()));
        events.sort(Comparator.comparing(e -> e.path("request").path("time").asText("")));
        MoesifStats stats = moesif.stats();
        Result result = new Result(List.copyOf(sent), List.copyOf(events), stats, collector.eventsFile());
        printSummary(out, result);
        return result;
      } finally {
        server.stop();
        moesif.close(Duration.ofSeconds(5));
      }
    }
  }

  private static List<Call> calls(URI base) throws GeneralSecurityException {
    String jwt = jwt("{\"sub\":\"user-42\",\"name\":\"Ada Lovelace\",\"iat\":" + Instant.now().getEpochSecond() + "}");
    String basic =
        Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.US_ASCII));
    List<Call> calls = new ArrayList<>();
    calls.add(get(base, "/hello"));
    calls.add(post(base, "/echo", "application/json", "{\"item\":\"widget\",\"quantity\":3}"));
    calls.add(get(base, "/json?size=2048"));
    calls.add(get(base, "/users/42", "Authorization", "Bearer " + jwt));
    calls.add(get(base, "/users/7", "Authorization", "Basic " + basic));
    calls.add(get(base, "/status/404"));
    calls.add(get(base, "/status/503"));
    calls.add(get(base, "/error"));
    calls.add(get(base, "/stream"));
    calls.add(post(base, "/echo", "application/x-www-form-urlencoded", "name=widget&color=blue&size=L"));
    return calls;
  }

  private static List<Sent> send(PrintStream out, List<Call> calls) throws IOException, InterruptedException {
    // HTTP/1.1 only: the default would add h2c upgrade headers to every captured request.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    List<Sent> sent = new ArrayList<>();
    int width = calls.stream().mapToInt(c -> c.target().length()).max().orElse(0);
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      long start = System.nanoTime();
      HttpResponse<byte[]> response = client.send(call.request(), BodyHandlers.ofByteArray());
      long millis = (System.nanoTime() - start) / 1_000_000;
      sent.add(new Sent(call.method(), call.target(), response.statusCode(), millis));
      out.printf(
          "  [%2d/%d] %-4s %-" + width + "s  -> %d  %5d ms  %6d bytes%n",
          i + 1, calls.size(), call.method(), call.target(), response.statusCode(), millis,
          response.body().length);
    }
    return sent;
  }

  private static void awaitCaptured(Moesif moesif, int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      MoesifStats stats = moesif.stats();
      if (stats.captured() + stats.skipped() >= expected) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void printSummary(PrintStream out, Result result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"METHOD", "PATH", "STATUS", "USER", "MS", "BODY req/resp"});
    Map<String, Integer> classes = new TreeMap<>();
    for (JsonNode event : result.events()) {
      JsonNode request = event.path("request");
      JsonNode response = event.path("response");
      int status = response.path("status").asInt(0);
      classes.merge(status / 100 + "xx", 1, Integer::sum);
      rows.add(
          new String[] {
            text(request.path("verb")),
            pathOf(request.path("uri").asText("")),
            status == 0 ? "-" : String.valueOf(status),
            text(event.path("user_id")),
            millisBetween(request.path("time"), response.path("time")),
            text(request.path("transfer_encoding")) + "/" + text(response.path("transfer_encoding"))
          });
    }
    out.println("events received by the collector: " + result.events().size() + " for " + result.sent().size() + " requests sent");
    printTable(out, rows, new boolean[] {false, false, true, false, true, false});
    out.println();

    StringBuilder byClass = new StringBuilder("by status class:");
    classes.forEach((k, v) -> byClass.append("  ").append(k).append('=').append(v));
    out.println(result.events().isEmpty() ? "by status class: (no events)" : byClass.toString());
    MoesifStats s = result.stats();
    out.printf(
        "SDK stats: captured=%d sent=%d dropped=%d (failed=%d, sampled out=%d, pending=%d, batches=%d)%n",
        s.captured(), s.sent(), s.dropped(), s.failed(), s.sampledOut(), s.pending(), s.batches());
    if (s.lastError() != null) {
      out.println("SDK last error: " + ascii(s.lastError()));
    }
    out.println("events file: " + ascii(result.eventsFile().toString()) + " (one event per line)");
    out.println();
    if (result.allArrived()) {
      out.println("OK: every request arrived at the collector as an event.");
    } else {
      out.println(
          "FAILED: only " + result.events().size() + " of " + result.sent().size()
              + " requests arrived at the collector as events.");
    }
  }

  /** Left- or right-aligned columns separated by two spaces. */
  private static void printTable(PrintStream out, List<String[]> rows, boolean[] rightAligned) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(widths[c] - row[c].length());
        line.append(' ').append(rightAligned[c] ? pad + row[c] : row[c] + pad).append(' ');
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pathOf(String uri) {
    try {
      URI parsed = URI.create(uri);
      String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
      return ascii(parsed.getRawQuery() == null ? path : path + "?" + parsed.getRawQuery());
    } catch (IllegalArgumentException e) {
      return ascii(uri);
    }
  }

  private static String millisBetween(JsonNode from, JsonNode to) {
    try {
      return String.valueOf(Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText())).toMillis());
    } catch (DateTimeParseException e) {
      return "-";
    }
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "-" : ascii(node.asText());
  }

  /** Keeps the output plain ASCII whatever the events carry. */
  static String ascii(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return sb.toString();
  }

  /** An HS256 JWT: the SDK only reads the payload, but a real signature keeps the example honest. */
  private static String jwt(String payloadJson) throws GeneralSecurityException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("demo-secret-not-for-production".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private static Call get(URI base, String target, String... headers) {
    HttpRequest.Builder request = request(base, target);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return new Call("GET", target, request.GET().build());
  }

  private static Call post(URI base, String target, String contentType, String body) {
    HttpRequest request =
        request(base, target)
            .header("Content-Type", contentType)
            .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return new Call("POST", target, request);
  }

  private static HttpRequest.Builder request(URI base, String target) {
    return HttpRequest.newBuilder(base.resolve(target)).timeout(Duration.ofSeconds(10));
  }
}
