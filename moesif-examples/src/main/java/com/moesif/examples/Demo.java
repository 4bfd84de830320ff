package com.moesif.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.EntityResult;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import com.moesif.core.model.CompanyModel;
import com.moesif.core.model.UserModel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The README's first command: the local collector (with a sampling config and a governance rule),
 * every framework example captured by one SDK, a mix of traffic with incoming and outgoing calls,
 * a user and a company update, then a summary built from what the collector received. All in one
 * JVM, no account, no internet. Ignores {@code MOESIF_*} settings on purpose: the demo must behave
 * the same on every machine.
 */
final class Demo {
  static final String APPLICATION_ID = "local-demo-app";

  /** The governance rule the demo's collector serves: {@code /admin...} answers 403. */
  static final String BLOCK_RULE_ID = "block-admin";
  static final String BLOCKED_PATH = "/admin/users";

  /** The route the demo's sampling config keeps half of (so its events carry weight 2). */
  static final String SAMPLED_TARGET = "/json?size=512";
  static final int SAMPLE_RATE = 50;
  static final int SAMPLED_CALLS = 8;

  /** The demo's {@code identifyCompany} hook reads the company id from this request header. */
  static final String COMPANY_HEADER = "X-Company-Id";

  static final String USER_ID = "user-42";
  static final String COMPANY_ID = "acme";

  /** What each framework runs on, for the "listening" line. */
  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "servlet", "Jetty 12 + MoesifFilter",
          "javalin", "Javalin 7 + MoesifPlugin",
          "spark", "Spark 2.9 on Jetty 9, own class loader + MoesifSpark",
          "jaxrs", "Jersey 3.1 on Jetty 12 + MoesifFeature");

  private static final String CONFIG_JSON =
      "{\n"
          + "  \"sample_rate\": 100,\n"
          + "  \"regex_config\": [\n"
          + "    {\"conditions\": [{\"path\": \"request.route\", \"value\": \"^/json\"}], \"sample_rate\": " + SAMPLE_RATE + "}\n"
          + "  ]\n"
          + "}\n";

  private static final String RULES_JSON =
      "[\n"
          + "  {\n"
          + "    \"_id\": \"" + BLOCK_RULE_ID + "\",\n"
          + "    \"name\": \"No admin API from outside\",\n"
          + "    \"type\": \"regex\",\n"
          + "    \"block\": true,\n"
          + "    \"applied_to\": \"matching\",\n"
          + "    \"regex_config\": [{\"conditions\": [{\"path\": \"request.route\", \"value\": \"^/admin\"}]}],\n"
          + "    \"response\": {\n"
          + "      \"status\": 403,\n"
          + "      \"headers\": {\"X-Blocked-By\": \"" + BLOCK_RULE_ID + "\"},\n"
          + "      \"body\": {\"error\": \"the admin API is not available here\"}\n"
          + "    }\n"
          + "  }\n"
          + "]\n";

  /** One request the demo sent and what came back ({@code status} 0: no answer, see {@code error}). */
  record Sent(String framework, String method, String target, int status, @Nullable String error) {}

  /**
   * What a run produced. {@link #problems()} is empty when every call is accounted for and the
   * governance, sampling, outgoing and entity features all showed up; it decides the exit code.
   */
  record Result(
      List<String> frameworks,
      List<Sent> sent,
      List<JsonNode> events,
      Map<String, String> frameworkOfEvent,
      Map<String, Long> entities,
      MoesifStats stats,
      long expectedCaptured,
      Path eventsFile,
      List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }

    /** The framework that served an event (by the port in its URI), or "?". */
    String frameworkOf(JsonNode event) {
      return frameworkOfEvent.getOrDefault(Demo.port(event), "?");
    }
  }

  /** A request to send. */
  private record Call(String method, String target, HttpRequest request) {}

  private Demo() {}

  /**
   * Runs the demo writing to a fresh temporary directory; returns the process exit code.
   *
   * @param keepRunning leave the collector (on port 9500 when free) and the examples running for
   *     the event viewer and for more traffic, until the JVM stops
   * @param interactive redraw the progress line in place (a terminal), instead of printing it once
   */
  static int main(PrintStream out, boolean keepRunning, boolean interactive) throws Exception {
    Path dir = Files.createTempDirectory("moesif-demo-");
    Session session = Session.start(out, dir, keepRunning ? LocalCollector.DEFAULT_PORT : 0);
    boolean leaveRunning = false;
    try {
      Result result = session.run(out, interactive);
      if (keepRunning) {
        out.println();
        out.println("Still running (--keep-running): event viewer at " + session.collector.baseUri() + "/");
        out.println("Send more traffic to the examples above, or point your own service at the collector with");
        out.println("MOESIF_BASE_URI=" + session.collector.baseUri() + ". Ctrl-C stops everything.");
        Runtime.getRuntime().addShutdownHook(new Thread(session::close, "demo-shutdown"));
        leaveRunning = true;
        // The process lives on until Ctrl-C; its exit status then no longer says how the run went.
        return Main.EXIT_OK;
      }
      return result.ok() ? Main.EXIT_OK : Main.EXIT_FAILED;
    } finally {
      if (!leaveRunning) {
        session.close();
      }
    }
  }

  /** Runs the demo with the collector on a free port, then stops everything. */
  static Result run(PrintStream out, Path dir) throws Exception {
    try (Session session = Session.start(out, dir, 0)) {
      return session.run(out, false);
    }
  }

  /** The collector, the SDK and the example servers of one demo, stopped in that reverse order. */
  static final class Session implements AutoCloseable {
    final LocalCollector collector;
    final Moesif moesif;
    final Map<String, ExampleServer> servers = new LinkedHashMap<>();
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Path dir;

    private Session(LocalCollector collector, Moesif moesif, Path dir) {
      this.collector = collector;
      this.moesif = moesif;
      this.dir = dir;
    }

    static Session start(PrintStream out, Path dir, int collectorPort) throws Exception {
      out.println("Moesif demo: example APIs -> SDK -> local collector, all in this JVM (no account, no internet)");
      out.println();
      Path config = Files.writeString(dir.resolve("config.json"), CONFIG_JSON);
      Path rules = Files.writeString(dir.resolve("rules.json"), RULES_JSON);
      Path events = dir.resolve("moesif-events.jsonl");
      LocalCollector collector;
      try {
        collector = LocalCollector.start(collectorPort, events, config, rules);
      } catch (BindException e) {
        collector = LocalCollector.start(0, events, config, rules); // 9500 is taken: any port will do
      }
      out.println("collector     " + collector.baseUri() + "  (event viewer at " + collector.baseUri() + "/)");
      out.println("              serving " + ascii(config.getFileName().toString()) + ": /json sampled at " + SAMPLE_RATE
          + "%, " + ascii(rules.getFileName().toString()) + ": rule " + BLOCK_RULE_ID + " answers /admin with 403");

      // One SDK for every example and for the outgoing client: one per application, shared by
      // the incoming adapter and the HTTP client interceptors.
      MoesifConfig moesifConfig =
          MoesifConfig.builder()
              .applicationId(APPLICATION_ID)
              .baseUri(collector.baseUri())
              .batchTimeout(Duration.ofMillis(200))
              .captureOutgoingRequests(true)
              .identifyCompany((req, res) -> req.header(COMPANY_HEADER))
              // The demo flushes and closes itself, in order: servers, then SDK, then collector.
              .shutdownHook(false)
              .build();
      Moesif moesif = Moesif.create(moesifConfig, "demo");
      Session session = new Session(collector, moesif, dir);
      try {
        // The SDK fetches the sampling config, then the rules, in the background as it starts.
        // Traffic sent before they arrive would be neither sampled nor blocked.
        if (!collector.awaitRulesServed(1, Duration.ofSeconds(5))) {
          out.println("              (the SDK has not fetched the rules yet: /admin may not be blocked)");
        }
        for (String framework : ExampleServer.frameworks()) {
          ExampleServer server = ExampleServer.create(framework);
          int port = server.start(0, moesif);
          session.servers.put(framework, server);
          session.ports.put(framework, port);
          out.printf("%-13s http://127.0.0.1:%d  (%s)%n", framework, port, DESCRIPTIONS.getOrDefault(framework, framework));
        }
      } catch (Exception | Error e) {
        session.close();
        throw e;
      }
      return session;
    }

    Result run(PrintStream out, boolean interactive) throws Exception {
      out.println();
      out.println("users and companies (moesif.api()):");
      EntityResult user =
          moesif.api().updateUser(
              UserModel.builder(USER_ID)
                  .companyId(COMPANY_ID)
                  .metadata(Map.of("name", "Ada Lovelace", "plan", "pro"))
                  .build());
      EntityResult company =
          moesif.api().updateCompany(
              CompanyModel.builder(COMPANY_ID)
                  .companyDomain("acme.example")
                  .metadata(Map.of("plan", "enterprise", "seats", 25))
                  .build());
      out.printf("  %-22s -> %s%n", "updateUser(" + USER_ID + ")", ascii(user.detail()));
      out.printf("  %-22s -> %s%n", "updateCompany(" + COMPANY_ID + ")", ascii(company.detail()));
      out.println();

      List<Call> template = calls(URI.create("http://127.0.0.1:0"));
      out.println("sending " + template.size() + " requests to each example:");
      out.println("  " + describe(template));
      List<Sent> sent = new ArrayList<>();
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade headers in the captured requests
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      int width = servers.keySet().stream().mapToInt(String::length).max().orElse(0);
      for (Map.Entry<String, Integer> entry : ports.entrySet()) {
        List<Call> calls = calls(URI.create("http://127.0.0.1:" + entry.getValue()));
        sent.addAll(send(out, interactive, client, entry.getKey(), width, calls));
      }
      out.println();

      // GET /outgoing makes one call per HTTP client to the example's own /hello: an Outgoing
      // event and an incoming /hello each.
      long expected = sent.size() + 2L * OutgoingClients.NAMES.size() * ports.size();
      // A call counts as captured when the adapter has finished with it, which can be a moment
      // after the client read the last byte; flushing before then could miss it.
      awaitCaptured(moesif, expected, Duration.ofSeconds(10));
      boolean flushed = moesif.flush(Duration.ofSeconds(10));

      // Read back what the collector wrote, not what we sent: that is what the demo shows.
      List<JsonNode> events = new ArrayList<>(LocalCollector.readEvents(collector.eventsFile()));
      events.sort(Comparator.comparing(e -> e.path("request").path("time").asText("")));
      Map<String, String> frameworkOfEvent = new TreeMap<>();
      ports.forEach((framework, port) -> frameworkOfEvent.put(String.valueOf(port), framework));
      MoesifStats stats = moesif.stats();
      List<String> problems = new ArrayList<>();
      if (!flushed) {
        problems.add("the SDK did not deliver everything within 10 s");
      }
      Map<String, Long> entities = collector.entityCounts();
      problems.addAll(check(List.copyOf(ports.keySet()), sent, events, stats, expected, entities, user, company));
      Result result =
          new Result(
              List.copyOf(ports.keySet()), List.copyOf(sent), List.copyOf(events), Map.copyOf(frameworkOfEvent),
              entities, stats, expected, collector.eventsFile(), List.copyOf(problems));
      printSummary(out, result, dir, collector.entitiesFile());
      return result;
    }

    @Override
    public void close() {
      for (ExampleServer server : servers.values()) {
        try {
          server.stop();
        } catch (Exception e) {
          System.err.println("error stopping an example server: " + e);
        }
      }
      moesif.close(Duration.ofSeconds(5));
      collector.close();
    }
  }

  /** The same requests for every framework. */
  private static List<Call> calls(URI base) throws GeneralSecurityException {
    String jwt = jwt("{\"sub\":\"" + USER_ID + "\",\"name\":\"Ada Lovelace\",\"iat\":" + Instant.now().getEpochSecond() + "}");
    String alice = "Basic " + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.US_ASCII));
    List<Call> calls = new ArrayList<>();
    calls.add(get(base, "/hello"));
    calls.add(post(base, "/echo", "application/json", "{\"item\":\"widget\",\"quantity\":3}"));
    calls.add(get(base, "/users/42", "Authorization", "Bearer " + jwt, COMPANY_HEADER, COMPANY_ID));
    calls.add(get(base, "/users/7", "Authorization", alice));
    calls.add(post(base, "/echo", "application/x-www-form-urlencoded", "name=widget&color=blue&size=L"));
    calls.add(get(base, "/stream"));
    calls.add(get(base, "/outgoing"));
    calls.add(get(base, "/status/404"));
    calls.add(get(base, "/status/503"));
    calls.add(get(base, "/error"));
    calls.add(get(base, BLOCKED_PATH, "Authorization", alice));
    for (int i = 0; i < SAMPLED_CALLS; i++) {
      calls.add(get(base, SAMPLED_TARGET));
    }
    return calls;
  }

  private static String describe(List<Call> calls) {
    List<String> distinct = new ArrayList<>();
    for (Call call : calls) {
      String path = call.target().contains("?") ? call.target().substring(0, call.target().indexOf('?')) : call.target();
      String label = path.equals("/json") ? "/json x" + SAMPLED_CALLS : path;
      if (!distinct.contains(label)) {
        distinct.add(label);
      }
    }
    return String.join(" ", distinct);
  }

  private static List<Sent> send(
      PrintStream out, boolean interactive, HttpClient client, String framework, int width, List<Call> calls)
      throws InterruptedException {
    List<Sent> sent = new ArrayList<>();
    long start = System.nanoTime();
    String label = String.format("  %-" + width + "s", framework);
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      try {
        HttpResponse<byte[]> response = client.send(call.request(), BodyHandlers.ofByteArray());
        sent.add(new Sent(framework, call.method(), call.target(), response.statusCode(), null));
      } catch (IOException e) {
        sent.add(new Sent(framework, call.method(), call.target(), 0, e.toString()));
      }
      if (interactive) {
        out.print("\r" + progress(label, i + 1, calls.size(), start));
        out.flush();
      }
    }
    String line = progress(label, calls.size(), calls.size(), start);
    out.println(interactive ? "\r" + line : line);
    return sent;
  }

  private static String progress(String label, int done, int total, long startNanos) {
    int bar = 20;
    int filled = done * bar / total;
    return String.format(
        "%s [%s%s] %2d/%d requests  %4d ms",
        label, "#".repeat(filled), ".".repeat(bar - filled), done, total, (System.nanoTime() - startNanos) / 1_000_000);
  }

  private static void awaitCaptured(Moesif moesif, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      MoesifStats stats = moesif.stats();
      if (stats.captured() + stats.skipped() >= expected) {
        return;
      }
      Thread.sleep(20);
    }
  }

  /** Everything the summary promises, checked against what the collector received. */
  private static List<String> check(
      List<String> frameworks,
      List<Sent> sent,
      List<JsonNode> events,
      MoesifStats st,
      long expectedCaptured,
      Map<String, Long> entities,
      EntityResult user,
      EntityResult company) {
    List<String> problems = new ArrayList<>();
    for (Sent s : sent) {
      if (s.error() != null) {
        problems.add(s.framework() + " " + s.method() + " " + s.target() + " failed: " + s.error());
      } else if (s.target().equals(BLOCKED_PATH) && s.status() != 403) {
        problems.add(s.framework() + " GET " + BLOCKED_PATH + " answered " + s.status() + ", not 403 (governance)");
      } else if (s.target().equals("/outgoing") && s.status() != 200) {
        problems.add(s.framework() + " GET /outgoing answered " + s.status() + ", not 200");
      }
    }
    if (st.captured() != expectedCaptured) {
      problems.add("the SDK captured " + st.captured() + " calls, expected " + expectedCaptured);
    }
    if (st.sent() + st.sampledOut() != st.captured() || st.dropped() + st.failed() + st.pending() + st.filtered() > 0) {
      problems.add("not every captured call was sent or sampled out: " + Main.statsLine(st));
    }
    if (events.size() != st.sent()) {
      problems.add("the collector received " + events.size() + " events, the SDK sent " + st.sent());
    }
    for (JsonNode e : events) {
      String target = target(e);
      int weight = e.path("weight").asInt(1);
      boolean sampledRoute = target.equals(SAMPLED_TARGET);
      if (weight != (sampledRoute ? 100 / SAMPLE_RATE : 1)) {
        problems.add(target + " arrived with weight " + weight);
      }
      boolean blocked = BLOCK_RULE_ID.equals(e.path("blocked_by").asText(null));
      if (blocked != target.equals(BLOCKED_PATH)) {
        problems.add(target + (blocked ? " was blocked" : " was not marked blocked_by " + BLOCK_RULE_ID));
      }
    }
    long outgoing = events.stream().filter(e -> "Outgoing".equals(e.path("direction").asText())).count();
    if (outgoing != (long) frameworks.size() * OutgoingClients.NAMES.size()) {
      problems.add(outgoing + " outgoing events arrived, expected " + frameworks.size() * OutgoingClients.NAMES.size());
    }
    if (!user.success() || !company.success() || entities.getOrDefault("user", 0L) < 1
        || entities.getOrDefault("company", 0L) < 1) {
      problems.add("the user and company updates did not both arrive: " + entities);
    }
    return problems;
  }

  private static void printSummary(PrintStream out, Result r, Path dir, Path entitiesFile) {
    MoesifStats st = r.stats();
    out.println("events received by the collector: " + r.events().size() + " of " + st.captured()
        + " captured (" + st.sampledOut() + " sampled out)");
    printEventTable(out, r);
    out.println();
    printFrameworkTable(out, r);
    out.println();

    long blocked = r.events().stream().filter(e -> e.hasNonNull("blocked_by")).count();
    long sampledSent = r.sent().stream().filter(s -> s.target().equals(SAMPLED_TARGET)).count();
    long sampledKept = r.events().stream().filter(e -> target(e).equals(SAMPLED_TARGET)).count();
    out.println("governance  rule " + BLOCK_RULE_ID + " answered " + blocked + " call(s) to " + BLOCKED_PATH
        + " with 403; the handler never ran");
    out.println("sampling    " + SAMPLED_TARGET + ": " + sampledKept + " of " + sampledSent + " calls kept at "
        + SAMPLE_RATE + "%, each with weight " + 100 / SAMPLE_RATE + " (Moesif counts it twice)");
    out.println("outgoing    GET /outgoing called GET " + ExampleApi.OUTGOING_TARGET + " through "
        + String.join(", ", OutgoingClients.NAMES) + ": one Outgoing event per client and example");
    out.println("entities    " + r.entities().getOrDefault("user", 0L) + " user, "
        + r.entities().getOrDefault("company", 0L) + " company received (" + USER_ID + ", " + COMPANY_ID + ")");
    out.printf(
        "SDK stats   captured=%d sent=%d sampled out=%d shed=%d dropped=%d failed=%d pending=%d batches=%d%n",
        st.captured(), st.sent(), st.sampledOut(), st.shed(), st.dropped(), st.failed(), st.pending(), st.batches());
    if (st.lastError() != null) {
      out.println("SDK error   " + ascii(st.lastError()));
    }
    out.println();
    out.println("files in " + ascii(dir.toString()) + ":");
    printTable(
        out,
        List.of(
            List.of(ascii(r.eventsFile().getFileName().toString()), "the events, one JSON object per line, as the SDK sent them"),
            List.of(ascii(entitiesFile.getFileName().toString()), "the user and company updates"),
            List.of("config.json, rules.json", "what the collector serves at /v1/config and /v1/rules")),
        new boolean[2]);
    out.println();
    if (r.ok()) {
      out.println("OK: all " + st.captured() + " captured calls accounted for: " + r.events().size()
          + " events at the collector, " + st.sampledOut() + " sampled out, none lost.");
      out.println("To browse them in the event viewer, run the demo with --keep-running.");
    } else {
      out.println("FAILED:");
      r.problems().forEach(p -> out.println("  - " + ascii(p)));
    }
  }

  /**
   * One row per distinct event (direction, method, path, status, user, company, weight, rule),
   * with how many of each every framework produced: equal columns show the adapters agree.
   */
  private static void printEventTable(PrintStream out, Result r) {
    Map<List<String>, Map<String, Integer>> rows = new LinkedHashMap<>();
    for (JsonNode e : r.events()) {
      List<String> key =
          List.of(
              "Outgoing".equals(e.path("direction").asText()) ? "out" : "in",
              text(e.path("request").path("verb")),
              target(e),
              e.path("response").path("status").isNumber() ? e.path("response").path("status").asText() : "-",
              text(e.path("user_id")),
              text(e.path("company_id")),
              e.path("weight").asText("1"),
              text(e.path("blocked_by")));
      rows.computeIfAbsent(key, k -> new TreeMap<>()).merge(r.frameworkOf(e), 1, Integer::sum);
    }
    List<String> header = new ArrayList<>(List.of("DIR", "METHOD", "PATH", "STATUS", "USER", "COMPANY", "WEIGHT", "BLOCKED BY"));
    header.addAll(r.frameworks());
    List<List<String>> table = new ArrayList<>();
    table.add(header);
    rows.forEach((key, counts) -> {
      List<String> row = new ArrayList<>(key);
      r.frameworks().forEach(f -> row.add(counts.containsKey(f) ? String.valueOf(counts.get(f)) : "-"));
      table.add(row);
    });
    boolean[] right = new boolean[header.size()];
    right[3] = true;
    right[6] = true;
    for (int i = 8; i < right.length; i++) {
      right[i] = true;
    }
    printTable(out, table, right);
  }

  private static void printFrameworkTable(PrintStream out, Result r) {
    TreeSet<String> classes = new TreeSet<>();
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    r.frameworks().forEach(f -> counts.put(f, new TreeMap<>()));
    for (JsonNode e : r.events()) {
      Map<String, Integer> c = counts.computeIfAbsent(r.frameworkOf(e), k -> new TreeMap<>());
      int status = e.path("response").path("status").asInt(0);
      String statusClass = status / 100 + "xx";
      classes.add(statusClass);
      c.merge("events", 1, Integer::sum);
      c.merge("Outgoing".equals(e.path("direction").asText()) ? "out" : "in", 1, Integer::sum);
      c.merge(statusClass, 1, Integer::sum);
    }
    List<String> header = new ArrayList<>(List.of("FRAMEWORK", "EVENTS", "IN", "OUT"));
    header.addAll(classes);
    List<List<String>> table = new ArrayList<>();
    table.add(header);
    counts.forEach((framework, c) -> {
      List<String> row = new ArrayList<>(List.of(framework));
      for (String column : List.of("events", "in", "out")) {
        row.add(String.valueOf(c.getOrDefault(column, 0)));
      }
      classes.forEach(k -> row.add(String.valueOf(c.getOrDefault(k, 0))));
      table.add(row);
    });
    boolean[] right = new boolean[header.size()];
    for (int i = 1; i < right.length; i++) {
      right[i] = true;
    }
    printTable(out, table, right);
  }

  /** Left- or right-aligned columns separated by two spaces, indented by two. */
  private static void printTable(PrintStream out, List<List<String>> rows, boolean[] rightAligned) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(' ').append(rightAligned[c] ? pad + cell : cell + pad).append(' ');
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** The port in an event's request URI, as text ("" when there is none). */
  static String port(JsonNode event) {
    try {
      return String.valueOf(URI.create(event.path("request").path("uri").asText("")).getPort());
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Path and query of an event's request URI. */
  static String target(JsonNode event) {
    String uri = event.path("request").path("uri").asText("");
    try {
      URI parsed = URI.create(uri);
      String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
      return ascii(parsed.getRawQuery() == null ? path : path + "?" + parsed.getRawQuery());
    } catch (IllegalArgumentException e) {
      return ascii(uri);
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
