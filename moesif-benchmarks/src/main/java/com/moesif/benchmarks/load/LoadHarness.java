package com.moesif.benchmarks.load;

import com.moesif.examples.LocalCollector;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jspecify.annotations.Nullable;

/**
 * The macro load harness behind {@code moesif-benchmarks/run-load.sh}: the example API bare, with
 * our SDK, and behind the peers' filters, measured with wrk on loopback, alternating the variants
 * round after round (A/B/A/B) so that drifting machine load hits all of them alike.
 *
 * <p>Method: the app JVM is pinned to one core ({@code taskset -c 1}); wrk, the local collector
 * (run inside this JVM, so it can be asked for its event count: by default {@link
 * CountingCollector}, or with {@code --collector local} the examples' {@link LocalCollector}) and
 * this driver share the other.
 * Per app JVM and scenario, with no pause between them: a warm-up run of wrk, three short runs
 * that reconnect (so the JIT has seen connections close and open before the window), a settle run,
 * then the saturated window ({@code --duration}, 60 s by default: long enough for the SDK's queue
 * to reach the state the load drives it to). Then, from an idle app, a fixed-rate window at
 * {@code --rate-fraction} of bare's saturated rate (wrk's Lua {@code delay()}), which shows the
 * SDK's cost without overload. Around each window it reads:
 *
 * <ul>
 *   <li>CPU: {@code utime + stime} of the app process from {@code /proc/<pid>/stat} (all its
 *       threads: request threads, the SDK's, GC and JIT), divided by the requests wrk completed.
 *       Saturated: from the window's first request to its last (in steady state the backlog at
 *       both ends is the same). Fixed rate: from an idle app until the window's events have
 *       arrived and the app is idle again, so shipping them is counted;
 *   <li>allocation: {@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()} of the
 *       app JVM, read over JMX (the harness attaches and starts the local management agent): the
 *       bytes allocated by every live thread, so threads that die inside the window (none under
 *       steady load: Jetty keeps its pool) would be missed;
 *   <li>latency percentiles and the request count from wrk's own histogram (a Lua {@code done}).
 * </ul>
 *
 * Delivery: every request wrk completed against an SDK variant (warm-ups included) should be
 * accounted for at the collector; the collector's counts before the app starts and after it has
 * exited (the SDK's close delivers what it holds) give the events of that run and, summing their
 * {@code weight}, the calls they stand for. Under overload the SDK sheds with weights, so the
 * weighted count, not the event count, is what must match the requests served.
 */
public final class LoadHarness {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern WRK = Pattern.compile("WRK_RESULT (.*)");
  private static final Pattern STATS = Pattern.compile("Moesif: (captured=.*)");
  private static final long DEFAULT_QUEUE_CAP = 64L * 1024 * 1024;
  /** Short wrk runs after each warm-up, each opening new connections (see runApp). */
  static final int RECONNECT_RUNS = 3;
  static final int RECONNECT_RUN_SECONDS = 2;

  /** One wrk workload. */
  record Scenario(String name, String method, String path, int bodyBytes) {}

  static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    for (Scenario s :
        List.of(
            new Scenario("hello", "GET", "/hello", 0),
            new Scenario("echo1k", "POST", "/echo", 1024),
            new Scenario("echo64k", "POST", "/echo", 65536),
            new Scenario("stream", "GET", "/stream", 0))) {
      SCENARIOS.put(s.name(), s);
    }
  }

  /** What runs in the app JVM. */
  enum Kind {
    BARE,
    OURS,
    MOESIF,
    LOGBOOK
  }

  /** A way to run the example API; {@code down}: pointed at a port where no collector listens. */
  record Variant(String name, Kind kind, boolean down) {
    boolean ships() {
      return kind == Kind.OURS || kind == Kind.MOESIF;
    }
  }

  /**
   * One measured wrk run; {@code delivered} and {@code weightedDelivered} (events, and the calls
   * they stand for) only for fixed-rate windows of a shipping variant, -1 otherwise.
   */
  record Measurement(
      String framework,
      String variant,
      int round,
      String scenario,
      long requests,
      double seconds,
      long errors,
      long p50,
      long p99,
      long p999,
      double cpuMicros,
      long allocBytes,
      Map<String, Double> cpuMicrosByGroup,
      long delivered,
      long weightedDelivered) {
    double rps() {
      return requests / seconds;
    }

    double cpuPerRequest() {
      return cpuMicros / requests;
    }

    double allocPerRequest() {
      return (double) allocBytes / requests;
    }

    double groupPerRequest(String group) {
      return cpuMicrosByGroup.getOrDefault(group, 0.0) / requests;
    }
  }

  /** Thread-name groups for the CPU breakdown, in the order the report shows them. */
  static final List<String> GROUPS = List.of("request", "sdk", "jit", "gc+vm", "other");

  static String group(String threadName) {
    if (threadName.startsWith("qtp") || threadName.startsWith("Jetty") || threadName.startsWith("jetty")) {
      return "request"; // Jetty's pool (every example and peer runs on Jetty)
    }
    if (threadName.startsWith("moesif-") || threadName.startsWith("HttpClient-")) {
      return "sdk"; // ours: workers, the HTTP client's executor and selector
    }
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("VM ") || threadName.startsWith("GC ") || threadName.contains("G1 ")) {
      return "gc+vm";
    }
    return "other"; // includes the official SDK's timer and Apache HTTP client threads
  }

  /** One app JVM's delivery account. */
  record Delivery(String framework, String variant, int round, long served, long delivered, long weighted, @Nullable String stats) {}

  /**
   * The soak: heap after a full GC, sampled while under load; for the outage variant, the requests
   * served in the whole run and the events (and the calls they stand for) the collector had once
   * it came back and the SDK had closed (-1 where not measured).
   */
  record Soak(String variant, double rps, long maxHeapAfterGc, List<Long> samples, long served, long delivered, long weighted) {}

  private final Options options;
  private final PrintStream out;
  private final long clockTicks;
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<Soak> soaks = new ArrayList<>();
  private Collector collector;

  /** The collector the SDK variants ship to: the examples' own, or the counting one. */
  interface Collector extends AutoCloseable {
    URI baseUri();

    long eventCount();

    /** The sum of the received events' weights; -1 where the collector does not count them. */
    long weightedEventCount();

    /** Whether {@link #setDown} can stage an outage (else the soak points the SDK at a dead port). */
    boolean canGoDown();

    void setDown(boolean down);

    @Override
    void close();

    static Collector start(String kind) throws IOException {
      if (kind.equals("local")) {
        LocalCollector local = LocalCollector.start(0, Path.of("/dev/null"), null, null);
        return new Collector() {
          @Override
          public URI baseUri() {
            return local.baseUri();
          }

          @Override
          public long eventCount() {
            return local.eventCount();
          }

          @Override
          public long weightedEventCount() {
            return -1;
          }

          @Override
          public boolean canGoDown() {
            return false;
          }

          @Override
          public void setDown(boolean down) {
            throw new UnsupportedOperationException("the examples' collector has no outage switch");
          }

          @Override
          public void close() {
            local.close();
          }
        };
      }
      CountingCollector counting = CountingCollector.start();
      return new Collector() {
        @Override
        public URI baseUri() {
          return counting.baseUri();
        }

        @Override
        public long eventCount() {
          return counting.eventCount();
        }

        @Override
        public long weightedEventCount() {
          return counting.weightedEventCount();
        }

        @Override
        public boolean canGoDown() {
          return true;
        }

        @Override
        public void setDown(boolean down) {
          counting.setDown(down);
        }

        @Override
        public void close() {
          counting.close();
        }
      };
    }
  }

  LoadHarness(Options options, PrintStream out) throws IOException, InterruptedException {
    this.options = options;
    this.out = out;
    this.clockTicks = Long.parseLong(exec(List.of("getconf", "CLK_TCK")).trim());
  }

  public static void main(String[] args) throws Exception {
    // The JDK's HTTP server (both collectors) writes a response's headers and body separately
    // with Nagle on: against the client's delayed ACK that costs ~40 ms per batch, which capped
    // delivery at ~5k events/s per SDK worker pair. Must be set before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Options options = Options.parse(args);
    LoadHarness harness = new LoadHarness(options, System.out);
    harness.run();
    System.exit(0);
  }

  void run() throws Exception {
    Files.createDirectories(options.outDir);
    List<String> frameworks = options.frameworks != null ? options.frameworks : frameworks(options.examplesJar);
    out.println("load harness: frameworks " + frameworks + ", scenarios " + options.scenarios + ", peers "
        + options.peers + ", " + options.rounds + " rounds, warm-up " + options.firstWarmup + " s (first scenario of a JVM) / "
        + options.warmup + " s + "
        + (options.settle > 0 ? options.settle + " s settle + " : "")
        + options.duration + " s per scenario, wrk -t" + options.threads + " -c" + options.connections
        + ", app on cpu " + options.appCpu + ", wrk + collector (" + options.collector + ") on cpu " + options.loadCpu);
    out.println("load before start: " + Files.readString(Path.of("/proc/loadavg")).trim());
    collector = Collector.start(options.collector);
    try {
      for (int round = 1; round <= options.rounds; round++) {
        for (String framework : frameworks) {
          for (Variant variant : variants(framework)) {
            runApp(framework, variant, round);
          }
        }
      }
      if (options.soakSeconds > 0) {
        soak(new Variant("bare", Kind.BARE, false));
        soak(new Variant("ours-outage", Kind.OURS, !collector.canGoDown()));
      }
    } finally {
      collector.close();
    }
    out.println("load after end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    String report = Report.render(options, measurements, deliveries, soaks, queueCap());
    out.println();
    out.println(report);
    Files.writeString(options.outDir.resolve("results.md"), report);
    Files.writeString(options.outDir.resolve("measurements.csv"), csv());
    out.println("written: " + options.outDir.resolve("results.md") + ", " + options.outDir.resolve("measurements.csv"));
  }

  List<Variant> variants(String framework) {
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("bare", Kind.BARE, false));
    variants.add(new Variant("ours", Kind.OURS, false));
    boolean servlet = framework.equals("servlet");
    if (servlet && options.peers.contains("moesif")) {
      variants.add(new Variant("moesif", Kind.MOESIF, false));
    }
    if (servlet && options.peers.contains("logbook")) {
      variants.add(new Variant("logbook", Kind.LOGBOOK, false));
    }
    if (options.outage) {
      variants.add(new Variant("ours-down", Kind.OURS, true));
      if (servlet && options.peers.contains("moesif")) {
        variants.add(new Variant("moesif-down", Kind.MOESIF, true));
      }
    }
    return variants;
  }

  private void runApp(String framework, Variant variant, int round) throws Exception {
    out.printf("[round %d] %s / %s%n", round, framework, variant.name());
    long eventsBefore = collector.eventCount();
    long weightedBefore = collector.weightedEventCount();
    long served = 0;
    Path log = options.outDir.resolve(String.format(Locale.ROOT, "app-%s-%s-r%d.log", framework, variant.name(), round));
    try (App app = App.start(command(framework, variant), log)) {
      boolean first = true;
      for (String name : options.scenarios) {
        Scenario scenario = SCENARIOS.get(name);
        // The first warm-up of a JVM is long: the SDK's shipping code runs per batch, not per
        // request, so C2 reaches it late.
        WrkResult warm = wrk(app.port, scenario, first ? options.firstWarmup : options.warmup, 0);
        first = false;
        served += warm.requests;
        // Short runs with new connections: the first reconnect after a long run throws away C2
        // code compiled without those paths; without them that happened inside the window.
        for (int i = 0; i < RECONNECT_RUNS; i++) {
          served += wrk(app.port, scenario, RECONNECT_RUN_SECONDS, 0).requests;
        }
        if (options.settle > 0) {
          served += wrk(app.port, scenario, options.settle, 0).requests;
        }
        // Held load: the window follows the warm-up without a pause, so the queue, the shipper
        // and the JIT are in the steady state the load drives them to, and the CPU read at each
        // end includes the shipping of whatever is queued there (the same amount in steady state).
        Window window = Window.open(app, clockTicks);
        WrkResult result = wrk(app.port, scenario, options.duration, 0);
        served += result.requests;
        Measurement m = window.close(framework, variant.name(), round, name, result, -1, -1);
        measurements.add(m);
        print(m);
        if (options.rateFraction > 0) {
          served += fixedRate(app, framework, variant, round, scenario, m);
        }
      }
      app.stop();
      if (variant.ships()) {
        long delivered = collector.eventCount() - eventsBefore;
        long weighted = collector.weightedEventCount() - weightedBefore;
        String stats = app.lastMatch(STATS);
        deliveries.add(new Delivery(framework, variant.name(), round, served, delivered, weighted, stats));
        out.printf("  served %d, delivered %d events standing for %s calls%s%n", served, delivered,
            weighted < 0 ? "n/a" : String.valueOf(weighted), stats == null ? "" : "  (" + stats + ")");
      }
    }
  }

  /**
   * A window at a fixed request rate, {@code --rate-fraction} of bare's saturated rate for the same
   * framework, scenario and round: the SDK's cost without overload. It starts from an idle app
   * whose earlier events have all arrived, and ends once this window's events have arrived and
   * the app is idle again, so the CPU figure includes shipping them. Returns the requests served.
   */
  private long fixedRate(App app, String framework, Variant variant, int round, Scenario scenario, Measurement saturated)
      throws Exception {
    Measurement bare = variant.kind() == Kind.BARE ? saturated : find(framework, "bare", round, scenario.name());
    if (bare == null) {
      out.println("  (no bare run of " + scenario.name() + " in this round: no fixed-rate window)");
      return 0;
    }
    double rate = bare.rps() * options.rateFraction;
    double intervalMs = options.connections * 1000.0 / rate;
    awaitQuiet(variant);
    app.awaitIdle(clockTicks);
    long events0 = collector.eventCount();
    long weighted0 = collector.weightedEventCount();
    Window window = Window.open(app, clockTicks);
    WrkResult result = wrk(app.port, scenario, options.rateDuration, intervalMs);
    awaitQuiet(variant);
    app.awaitIdle(clockTicks);
    long delivered = variant.ships() ? collector.eventCount() - events0 : -1;
    long weighted = variant.ships() && collector.weightedEventCount() >= 0 ? collector.weightedEventCount() - weighted0 : -1;
    String label = String.format(Locale.ROOT, "%s@%.0f%%", scenario.name(), options.rateFraction * 100);
    Measurement m = window.close(framework, variant.name(), round, label, result, delivered, weighted);
    measurements.add(m);
    print(m);
    if (variant.ships()) {
      out.printf("  %-8s served %d, delivered %d events standing for %s calls%n", label, result.requests, delivered,
          weighted < 0 ? "n/a" : String.valueOf(weighted));
    }
    return result.requests;
  }

  /** Waits until the collector's count has not moved for longer than the SDK's batch timeout. */
  private void awaitQuiet(Variant variant) throws InterruptedException {
    if (!variant.ships() || variant.down()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long last = collector.eventCount();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(250);
      long now = collector.eventCount();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(3000)) {
        return;
      }
    }
  }

  private @Nullable Measurement find(String framework, String variant, int round, String scenario) {
    for (Measurement m : measurements) {
      if (m.framework().equals(framework) && m.variant().equals(variant) && m.round() == round && m.scenario().equals(scenario)) {
        return m;
      }
    }
    return null;
  }

  private void print(Measurement m) {
    out.printf(
        Locale.ROOT,
        "  %-8s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  cpu %6.1f us/req"
            + " (request %.1f, sdk %.1f, jit %.1f, gc+vm %.1f, other %.1f)  alloc %8.0f B/req%s%n",
        m.scenario(), m.rps(), m.p50() / 1000.0, m.p99() / 1000.0, m.p999() / 1000.0, m.cpuPerRequest(),
        m.groupPerRequest("request"), m.groupPerRequest("sdk"), m.groupPerRequest("jit"),
        m.groupPerRequest("gc+vm"), m.groupPerRequest("other"),
        m.allocPerRequest(), m.errors() > 0 ? "  errors " + m.errors() : "");
  }

  /** The app's CPU (whole process and per thread group) and allocation at the start of a window. */
  private record Window(App app, long clockTicks, double cpu, Map<String, Double> groups, long alloc) {
    static Window open(App app, long clockTicks) throws IOException {
      return new Window(app, clockTicks, app.cpuMicros(clockTicks), app.cpuMicrosByGroup(clockTicks), app.allocatedBytes());
    }

    Measurement close(String framework, String variant, int round, String scenario, WrkResult result, long delivered, long weighted)
        throws IOException {
      double cpu1 = app.cpuMicros(clockTicks);
      Map<String, Double> groups1 = app.cpuMicrosByGroup(clockTicks);
      long alloc1 = app.allocatedBytes();
      Map<String, Double> byGroup = new LinkedHashMap<>();
      for (String g : GROUPS) {
        byGroup.put(g, groups1.getOrDefault(g, 0.0) - groups.getOrDefault(g, 0.0));
      }
      return new Measurement(framework, variant, round, scenario, result.requests, result.seconds, result.errors,
          result.p50, result.p99, result.p999, cpu1 - cpu, alloc1 - alloc, byGroup, delivered, weighted);
    }
  }

  /**
   * Load held for {@code --soak} seconds, the heap after a full GC sampled as it goes. For the SDK
   * variant the collector is down for the whole soak (503 to every event post), then comes back:
   * what the SDK delivers once it recovers and closes, weighted, against the requests served,
   * shows whether what survived an outage still stands for all of the traffic.
   */
  private void soak(Variant variant) throws Exception {
    String framework = options.soakFramework;
    Scenario scenario = SCENARIOS.get(options.soakScenario);
    boolean outage = variant.ships() && !variant.down();
    out.printf("[soak] %s / %s, %s for %d s, heap after a full GC every %d s%n", framework, variant.name(),
        scenario.name(), options.soakSeconds, options.soakSampleSeconds);
    Path log = options.outDir.resolve("app-soak-" + variant.name() + ".log");
    long events0 = collector.eventCount();
    long weighted0 = collector.weightedEventCount();
    try (App app = App.start(command(framework, variant), log)) {
      long served = wrk(app.port, scenario, options.warmup, 0).requests;
      if (outage) {
        collector.setDown(true);
      }
      WrkResult result;
      List<Long> samples = new ArrayList<>();
      try {
        Process load = wrkProcess(app.port, scenario, options.soakSeconds, 0);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.soakSeconds);
        while (true) {
          long left = end - System.nanoTime();
          if (left < TimeUnit.SECONDS.toNanos(options.soakSampleSeconds)) {
            break;
          }
          Thread.sleep(TimeUnit.SECONDS.toMillis(options.soakSampleSeconds));
          long heap = app.heapAfterGc();
          samples.add(heap);
          out.printf("  %5.1f MiB heap used after GC%n", heap / 1048576.0);
        }
        result = WrkResult.parse(finish(load, options.soakSeconds));
      } finally {
        if (outage) {
          collector.setDown(false);
        }
      }
      served += result.requests;
      long max = samples.stream().mapToLong(Long::longValue).max().orElse(0);
      out.printf(Locale.ROOT, "  %.0f req/s during the soak, max heap after GC %.1f MiB%n",
          result.requests / result.seconds, max / 1048576.0);
      if (outage) {
        awaitQuiet(variant);
      }
      app.stop();
      long delivered = outage ? collector.eventCount() - events0 : -1;
      long weighted = outage && weighted0 >= 0 ? collector.weightedEventCount() - weighted0 : -1;
      if (outage) {
        out.printf("  after the collector came back: served %d, delivered %d events standing for %s calls  (%s)%n",
            served, delivered, weighted < 0 ? "n/a" : String.valueOf(weighted), app.lastMatch(STATS));
      }
      soaks.add(new Soak(variant.name(), result.requests / result.seconds, max, samples, served, delivered, weighted));
    }
  }

  private List<String> command(String framework, Variant variant) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", options.appCpu, "java"));
    cmd.addAll(options.appJvmOptions);
    String base = variant.down() ? "http://127.0.0.1:" + deadPort() : collector.baseUri().toString();
    switch (variant.kind()) {
      case BARE -> cmd.addAll(List.of("-jar", options.examplesJar.toString(), "serve", "--framework", framework, "--port", "0", "--no-moesif"));
      case OURS -> cmd.addAll(List.of("-jar", options.examplesJar.toString(), "serve", "--framework", framework, "--port", "0", "--base-uri", base));
      case MOESIF, LOGBOOK -> cmd.addAll(List.of(
          "-cp", options.benchmarksJar.toString(), PeerServer.class.getName(),
          "--peer", variant.kind().name().toLowerCase(Locale.ROOT), "--port", "0", "--base-uri", base));
    }
    return cmd;
  }

  /** A loopback port nobody listens on: connections to it are refused at once. */
  private static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private long queueCap() {
    String env = System.getenv("MOESIF_MAX_QUEUE_BYTES");
    if (env != null) {
      try {
        return Long.parseLong(env.trim());
      } catch (NumberFormatException e) {
        out.println("MOESIF_MAX_QUEUE_BYTES is not a plain byte count; assuming the default 64 MiB for the report");
      }
    }
    return DEFAULT_QUEUE_CAP;
  }

  /** {@code intervalMs}: each connection's mean wait before its next request (fixed rate); 0: none. */
  private Process wrkProcess(int port, Scenario scenario, int seconds, double intervalMs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        "taskset", "-c", options.loadCpu, "wrk", "-t" + options.threads, "-c" + options.connections,
        "-d" + seconds + "s", "--timeout", "10s", "-s", options.luaScript.toString(),
        "http://127.0.0.1:" + port, "--", scenario.method(), scenario.path(), String.valueOf(scenario.bodyBytes()),
        String.format(Locale.ROOT, "%.4f", intervalMs)));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static String finish(Process process, int seconds) throws IOException, InterruptedException {
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("wrk did not finish");
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  private WrkResult wrk(int port, Scenario scenario, int seconds, double intervalMs) throws IOException, InterruptedException {
    return WrkResult.parse(finish(wrkProcess(port, scenario, seconds, intervalMs), seconds));
  }

  /** The frameworks {@code serve --framework} accepts, from the examples jar's usage text. */
  static List<String> frameworks(Path examplesJar) throws IOException, InterruptedException {
    String usage = exec(List.of("java", "-jar", examplesJar.toString(), "help"));
    for (String line : usage.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--framework")) {
        String names = trimmed.substring("--framework".length()).trim();
        names = names.substring(names.indexOf(' ')).trim(); // drop "NAME"
        int paren = names.indexOf('(');
        if (paren >= 0) {
          names = names.substring(0, paren);
        }
        List<String> result = new ArrayList<>();
        for (String name : names.split("\\|")) {
          if (!name.isBlank()) {
            result.add(name.trim());
          }
        }
        return result;
      }
    }
    throw new IOException("no --framework line in the examples' usage text");
  }

  static String exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return output;
  }

  private String csv() {
    StringBuilder sb = new StringBuilder(
        "framework,variant,round,scenario,requests,seconds,errors,rps,p50_us,p99_us,p999_us,cpu_us_per_req,alloc_bytes_per_req");
    for (String g : GROUPS) {
      sb.append(",cpu_").append(g.replace('+', '_')).append("_us_per_req");
    }
    sb.append('\n');
    for (Measurement m : measurements) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%.3f,%d,%.1f,%d,%d,%d,%.3f,%.0f",
          m.framework(), m.variant(), m.round(), m.scenario(), m.requests(), m.seconds(), m.errors(), m.rps(),
          m.p50(), m.p99(), m.p999(), m.cpuPerRequest(), m.allocPerRequest()));
      for (String g : GROUPS) {
        sb.append(String.format(Locale.ROOT, ",%.3f", m.groupPerRequest(g)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** wrk's numbers for one run. */
  record WrkResult(long requests, double seconds, long errors, long p50, long p99, long p999) {
    static WrkResult parse(String output) throws IOException {
      Matcher m = WRK.matcher(output);
      if (!m.find()) {
        throw new IOException("no WRK_RESULT line in wrk's output:\n" + output);
      }
      Map<String, String> f = new LinkedHashMap<>();
      for (String kv : m.group(1).trim().split(" ")) {
        int eq = kv.indexOf('=');
        f.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      long errors = 0;
      for (String k : List.of("connect", "read", "write", "status", "timeout")) {
        errors += Long.parseLong(f.get(k));
      }
      return new WrkResult(
          Long.parseLong(f.get("requests")),
          Long.parseLong(f.get("duration_us")) / 1e6,
          errors,
          Long.parseLong(f.get("p50")),
          Long.parseLong(f.get("p99")),
          Long.parseLong(f.get("p999")));
    }
  }

  /** An app JVM: started, its port read from its output, observed over JMX, stopped with SIGTERM. */
  static final class App implements AutoCloseable {
    final Process process;
    final Path log;
    final int port;
    private final JMXConnector jmx;
    private final com.sun.management.ThreadMXBean threads;
    private final MemoryMXBean memory;

    private App(Process process, Path log, int port, JMXConnector jmx) throws IOException {
      this.process = process;
      this.log = log;
      this.port = port;
      this.jmx = jmx;
      MBeanServerConnection connection = jmx.getMBeanServerConnection();
      this.threads = ManagementFactory.newPlatformMXBeanProxy(
          connection, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
      this.memory = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    static App start(List<String> command, Path log) throws Exception {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int port = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (port < 0) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        } else if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IOException("the app did not start: " + command + "\n" + Files.readString(log));
        } else {
          Thread.sleep(100);
        }
      }
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      return new App(process, log, port, JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /** utime + stime of the whole process, in microseconds. */
    double cpuMicros(long clockTicks) throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
      return ticks * 1e6 / clockTicks;
    }

    /**
     * Waits (at most 20 s) until the app uses under 5% of a core over 200 ms: what it still does
     * after the load stopped (shipping the last batches, finishing streams) is then done.
     */
    void awaitIdle(long clockTicks) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      double last = cpuMicros(clockTicks);
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        double now = cpuMicros(clockTicks);
        if (now - last <= 10_000) { // <= 10 ms of CPU in 200 ms (one clock tick at 100 Hz)
          return;
        }
        last = now;
      }
    }

    /**
     * CPU time per thread group (see {@link LoadHarness#group}), from each live thread's {@code
     * /proc/<pid>/task/<tid>/stat}. Threads that exited inside the window are missing from the
     * end reading (none do under steady load); the whole-process figure above has them.
     */
    Map<String, Double> cpuMicrosByGroup(long clockTicks) throws IOException {
      Map<String, Double> groups = new LinkedHashMap<>();
      try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            String name = Files.readString(task.resolve("comm")).trim();
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double micros = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1e6 / clockTicks;
            groups.merge(group(name), micros, Double::sum);
          } catch (IOException | RuntimeException threadGone) {
            // the thread exited while we looked
          }
        }
      }
      return groups;
    }

    long allocatedBytes() {
      return threads.getTotalThreadAllocatedBytes();
    }

    /** The app JVM's MBean server, for MXBeans of its own (the soak's). */
    MBeanServerConnection connection() throws IOException {
      return jmx.getMBeanServerConnection();
    }

    /**
     * Live heap: a full GC, then what each heap pool held right after the last collection of it
     * (the full GC, or a young GC since). Not {@code getHeapMemoryUsage()} after the GC: under
     * load the app allocates up to ~4 GB/s (64 KiB bodies), so the JMX round trip between the GC
     * and that reading let several MB of fresh garbage in, more for the variant that allocates more.
     */
    long heapAfterGc() throws IOException {
      memory.gc();
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(jmx.getMBeanServerConnection(), MemoryPoolMXBean.class)) {
        MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
        if (afterGc != null) {
          used += afterGc.getUsed();
        }
      }
      return used;
    }

    void stop() throws InterruptedException, IOException {
      try {
        jmx.close();
      } catch (IOException ignored) {
        // the app goes away next anyway
      }
      process.destroy(); // SIGTERM: the app's shutdown hook stops the server, then closes the SDK
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }

    @Nullable String lastMatch(Pattern pattern) throws IOException {
      String found = null;
      Matcher m = pattern.matcher(Files.readString(log));
      while (m.find()) {
        found = m.group(1);
      }
      return found;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        try {
          stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        } catch (IOException e) {
          process.destroyForcibly();
        }
      }
    }
  }

  /** Command-line options. */
  static final class Options {
    Path examplesJar = Path.of("moesif-examples/target/moesif-examples.jar");
    Path benchmarksJar = codeSource();
    Path luaScript = Path.of("moesif-benchmarks/load/scenario.lua");
    Path outDir = Path.of("moesif-benchmarks/target/load-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    @Nullable List<String> frameworks;
    List<String> scenarios = new ArrayList<>(SCENARIOS.keySet());
    List<String> peers = List.of("moesif", "logbook");
    boolean outage = true;
    int rounds = 2;
    int warmup = 15;
    int firstWarmup = 45;
    int duration = 60;
    /** Seconds of load between the reconnect runs and the window, counted as served only. */
    int settle = 5;
    /** The fixed-rate window's rate as a fraction of bare's saturated rate; 0: no such window. */
    double rateFraction = 0.3;
    int rateDuration = 60;
    int threads = 1;
    int connections = 16;
    String appCpu = "1";
    String loadCpu = "0";
    List<String> appJvmOptions = List.of("-Xms512m", "-Xmx512m", "-XX:+UseSerialGC");
    int soakSeconds = 60;
    int soakSampleSeconds = 10;
    String soakFramework = "servlet";
    String soakScenario = "echo1k";
    String collector = "counting";

    static Path codeSource() {
      try {
        return Path.of(LoadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (Exception e) {
        return Path.of("moesif-benchmarks/target/benchmarks.jar");
      }
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--examples-jar" -> o.examplesJar = Path.of(need(a, v));
          case "--benchmarks-jar" -> o.benchmarksJar = Path.of(need(a, v));
          case "--lua" -> o.luaScript = Path.of(need(a, v));
          case "--out" -> o.outDir = Path.of(need(a, v));
          case "--frameworks" -> o.frameworks = list(need(a, v));
          case "--scenarios" -> o.scenarios = list(need(a, v));
          case "--peers" -> o.peers = need(a, v).equals("none") ? List.of() : list(v);
          case "--no-outage" -> {
            o.outage = false;
            continue;
          }
          case "--rounds" -> o.rounds = Integer.parseInt(need(a, v));
          case "--warmup" -> o.warmup = Integer.parseInt(need(a, v));
          case "--settle" -> o.settle = Integer.parseInt(need(a, v));
          case "--rate-fraction" -> o.rateFraction = Double.parseDouble(need(a, v));
          case "--rate-duration" -> o.rateDuration = Integer.parseInt(need(a, v));
          case "--first-warmup" -> o.firstWarmup = Integer.parseInt(need(a, v));
          case "--duration" -> o.duration = Integer.parseInt(need(a, v));
          case "--threads" -> o.threads = Integer.parseInt(need(a, v));
          case "--connections" -> o.connections = Integer.parseInt(need(a, v));
          case "--app-cpu" -> o.appCpu = need(a, v);
          case "--load-cpu" -> o.loadCpu = need(a, v);
          case "--app-jvm" -> o.appJvmOptions = Arrays.asList(need(a, v).trim().split("\\s+"));
          case "--soak" -> o.soakSeconds = Integer.parseInt(need(a, v));
          case "--soak-sample" -> o.soakSampleSeconds = Integer.parseInt(need(a, v));
          case "--soak-framework" -> o.soakFramework = need(a, v);
          case "--soak-scenario" -> o.soakScenario = need(a, v);
          case "--collector" -> o.collector = need(a, v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
        i++;
      }
      for (String s : o.scenarios) {
        if (!SCENARIOS.containsKey(s)) {
          throw new IllegalArgumentException("unknown scenario " + s + "; known: " + SCENARIOS.keySet());
        }
      }
      if (!o.collector.equals("counting") && !o.collector.equals("local")) {
        throw new IllegalArgumentException("--collector is counting or local");
      }
      if (!SCENARIOS.containsKey(o.soakScenario)) {
        throw new IllegalArgumentException("unknown soak scenario " + o.soakScenario);
      }
      if (o.duration < 1 || o.warmup < 1 || o.firstWarmup < 1 || o.firstWarmup > 600 || o.rounds < 1 || o.duration > 600
          || o.soakSeconds > 1800 || o.settle < 0 || o.settle > 600 || o.rateDuration < 1 || o.rateDuration > 600) {
        throw new IllegalArgumentException(
            "durations must be 1..600 s (settle 0..600 s, soak up to 1800 s), rounds >= 1");
      }
      if (!(o.rateFraction >= 0 && o.rateFraction < 1)) {
        throw new IllegalArgumentException("--rate-fraction must be from 0 (no fixed-rate window) to below 1, e.g. 0.3");
      }
      return o;
    }

    private static String need(String name, @Nullable String value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      return value;
    }

    private static List<String> list(String csv) {
      List<String> items = new ArrayList<>();
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          items.add(s.trim());
        }
      }
      return items;
    }
  }
}
