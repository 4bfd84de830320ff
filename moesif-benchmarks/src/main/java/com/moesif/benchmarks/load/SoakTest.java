package com.moesif.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.moesif.core.MoesifStats;
import com.moesif.core.testkit.FaultyCollector;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import javax.management.JMX;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * A soak: the servlet example API (Jetty + {@code MoesifFilter}) under steady load for minutes,
 * reporting to a collector that flaps between up and refusing connections every few seconds.
 * Every 10 s it prints the app's heap after a full GC, the SDK's counters and its thread count;
 * at the end it restores the collector, flushes, closes, and checks the accounting identity and
 * that the collector received exactly the events counted as sent. Not run by the tests:
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl moesif-benchmarks,moesif-examples -am
 * java -cp moesif-benchmarks/target/benchmarks.jar com.moesif.benchmarks.load.SoakTest \
 *     [--duration=600] [--rate=400] [--threads=4] [--up=4] [--down=3] [--queue-bytes=4194304]
 *     [--max-retries=N (default: the SDK's)] [--app-jvm="-Xmx256m"]
 *     [--examples-jar=moesif-examples/target/moesif-examples.jar]
 * </pre>
 *
 * The app runs in its own JVM ({@link SoakApp}, on the examples jar's class path, observed and
 * driven over JMX like the load harness's apps): the benchmarks jar carries the official Moesif
 * filter under our filter's class name, so in this JVM the example would run the peer's filter
 * or fail to start. It also keeps the load generator and the collector out of the heap readings.
 * The soak fails at once when the app's {@code MoesifFilter} is not the examples jar's, and at
 * the end when a batch reached the collector without our SDK's {@code User-Agent}.
 *
 * <p>Durations are in seconds. Every request carries {@code X-Moesif-Transaction-Id: soak-N}
 * (the SDK reuses an incoming id), so the collector can count distinct events in a bit set
 * instead of remembering ids. Exits 1 when a check fails.
 */
public final class SoakTest {
  private static final String JSON_BODY = "{\"order\":{\"id\":42,\"items\":[" + "{\"sku\":\"A-1\",\"qty\":2},".repeat(30) + "{}]}}";
  private static final String OUR_USER_AGENT = "moesif-java/";

  private SoakTest() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    long durationSeconds = Long.parseLong(options.getOrDefault("duration", "600"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "400"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
    Duration up = Duration.ofSeconds(Long.parseLong(options.getOrDefault("up", "4")));
    Duration down = Duration.ofSeconds(Long.parseLong(options.getOrDefault("down", "3")));
    long queueBytes = Long.parseLong(options.getOrDefault("queue-bytes", String.valueOf(4L * 1024 * 1024)));
    Path examplesJar = Path.of(options.getOrDefault("examples-jar", "moesif-examples/target/moesif-examples.jar")).toAbsolutePath();
    if (!Files.isRegularFile(examplesJar)) {
      throw new IllegalArgumentException(examplesJar + " is missing: build it with -pl moesif-benchmarks,moesif-examples -am");
    }

    DistinctCollector collector = DistinctCollector.start();
    FaultyCollector front = FaultyCollector.start(collector.baseUri());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String appJvm = options.getOrDefault("app-jvm", "-Xmx256m").trim();
    if (!appJvm.isEmpty()) {
      command.addAll(Arrays.asList(appJvm.split("\\s+")));
    }
    command.addAll(List.of("-cp", examplesJar + java.io.File.pathSeparator + soakAppClasses(),
        SoakApp.class.getName(), front.baseUri().toString(), String.valueOf(queueBytes)));
    if (options.containsKey("max-retries")) {
      command.add(options.get("max-retries"));
    }
    Path log = Files.createTempFile("soak-app-", ".log");
    boolean ok = true;
    try (LoadHarness.App app = LoadHarness.App.start(command, log)) {
      SoakAppMXBean sdk = JMX.newMXBeanProxy(app.connection(), new ObjectName(SoakApp.OBJECT_NAME), SoakAppMXBean.class);
      String filterSource = sdk.filterSource();
      System.out.println("app: pid " + app.process.pid() + ", log " + log + ", MoesifFilter from " + filterSource);
      if (!filterSource.startsWith("file:") || !Files.isSameFile(Path.of(URI.create(filterSource)), examplesJar)) {
        throw new NotOurFilter("the app's MoesifFilter is ours (from " + examplesJar + "), not " + filterSource);
      }
      URI base = URI.create("http://127.0.0.1:" + app.port);
      System.out.printf(Locale.ROOT, "soak: %d s at %d req/s on %d threads, collector up %d s / down %d s, MAX_QUEUE_BYTES %d, MAX_RETRIES %d%n",
          durationSeconds, rate, threads, up.toSeconds(), down.toSeconds(), queueBytes, sdk.maxRetries());
      System.out.println("    t(s)   requests  errors  captured      sent   dropped    failed  pending  heap-after-GC(MiB)  moesif-threads");

      front.flap(up, down);
      Load load = new Load(base, rate, threads);
      load.start();
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
      long minHeap = Long.MAX_VALUE;
      long maxHeap = 0;
      long firstHeap = -1;
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(10_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        long heap = app.heapAfterGc();
        if (firstHeap < 0) {
          firstHeap = heap;
        }
        minHeap = Math.min(minHeap, heap);
        maxHeap = Math.max(maxHeap, heap);
        MoesifStats s = stats(sdk);
        System.out.printf(Locale.ROOT, "%8d %10d %7d %9d %9d %9d %9d %8d %19.1f %15d%n",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), load.requests.sum(), load.errors.sum(),
            s.captured(), s.sent(), s.dropped(), s.failed(), s.pending(), heap / 1048576.0, sdk.moesifThreads());
      }
      load.stop();
      front.stopFlapping();
      boolean flushed = sdk.flush(60);
      sdk.stopAndClose(10);
      MoesifStats s = stats(sdk);
      long accounted = s.sent() + s.sampledOut() + s.shed() + s.filtered() + s.dropped() + s.failed() + s.pending();
      System.out.println();
      System.out.printf(Locale.ROOT, "requests %d (%d errors), captured %d, skipped %d%n", load.requests.sum(), load.errors.sum(), s.captured(), s.skipped());
      System.out.printf(Locale.ROOT, "sent %d + sampledOut %d + filtered %d + dropped %d + failed %d + pending %d = %d%n",
          s.sent(), s.sampledOut(), s.filtered(), s.dropped(), s.failed(), s.pending(), accounted);
      System.out.printf(Locale.ROOT, "batches %d, retries %d, internal errors %d, last error: %s%n", s.batches(), s.retries(), s.internalErrors(), s.lastError());
      System.out.printf(Locale.ROOT, "collector: %d distinct events, %d repeats (retried batches whose answer a flap cut), %d batches, %d not from our SDK%s%n",
          collector.distinct(), collector.repeats.sum(), collector.batches.sum(), collector.foreign.sum(),
          collector.foreignAgent == null ? "" : " (User-Agent " + collector.foreignAgent + ")");
      System.out.printf(Locale.ROOT, "heap after GC (app JVM): first %.1f MiB, min %.1f MiB, max %.1f MiB%n", firstHeap / 1048576.0, minHeap / 1048576.0, maxHeap / 1048576.0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (sdk.moesifThreads() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50); // close joined its workers; the HTTP executor's threads end just after
      }
      long threadsLeft = sdk.moesifThreads();
      System.out.printf(Locale.ROOT, "moesif- threads after close: %d%n", threadsLeft);

      ok &= check(flushed, "flush after the collector came back delivered everything");
      ok &= check(s.captured() == accounted, "captured == sent + sampledOut + filtered + dropped + failed + pending");
      ok &= check(s.pending() == 0, "nothing pending after close");
      ok &= check(collector.distinct() == s.sent(), "the collector received exactly the events counted as sent");
      ok &= check(s.captured() == load.requests.sum() - load.errors.sum(), "one event per answered request");
      ok &= check(s.internalErrors() == 0, "no internal errors");
      ok &= check(threadsLeft == 0, "no moesif- thread left");
      ok &= check(collector.batches.sum() > 0 && collector.foreign.sum() == 0, "every batch came from our SDK (User-Agent " + OUR_USER_AGENT + "...)");
    } catch (NotOurFilter e) {
      ok = check(false, e.getMessage());
    } finally {
      front.close();
      collector.close();
    }
    System.exit(ok ? 0 : 1);
  }

  /** The soak would measure some other filter: stop before the load starts. */
  private static final class NotOurFilter extends Exception {
    NotOurFilter(String message) {
      super(message);
    }
  }

  /**
   * A directory holding just {@link SoakApp} and its MXBean interface, for the app JVM's class
   * path after the examples jar: the whole benchmarks jar there would bring the peer's filter
   * and the peers' service files back.
   */
  private static Path soakAppClasses() throws IOException {
    Path dir = Files.createTempDirectory("soak-app-classes");
    dir.toFile().deleteOnExit();
    for (Class<?> c : List.of(SoakApp.class, SoakAppMXBean.class)) {
      String resource = c.getName().replace('.', '/') + ".class";
      Path target = dir.resolve(resource);
      Path d = dir;
      for (Path name : dir.relativize(target.getParent())) {
        d = d.resolve(name);
        d.toFile().deleteOnExit(); // deleted in reverse order of registration: files, then their directories
      }
      Files.createDirectories(target.getParent());
      target.toFile().deleteOnExit();
      try (InputStream in = SoakTest.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("no " + resource + " on the class path");
        }
        Files.copy(in, target);
      }
    }
    return dir;
  }

  /** The app's {@code MoesifStats}, rebuilt from the name-to-value map its MXBean sends. */
  private static MoesifStats stats(SoakAppMXBean sdk) throws ReflectiveOperationException {
    Map<String, String> values = sdk.stats();
    RecordComponent[] components = MoesifStats.class.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] arguments = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      String value = values.get(components[i].getName());
      arguments[i] = types[i] == long.class ? Long.parseLong(value) : value;
    }
    return MoesifStats.class.getDeclaredConstructor(types).newInstance(arguments);
  }

  private static boolean check(boolean condition, String what) {
    System.out.println((condition ? "ok     " : "FAILED ") + what);
    return condition;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, got " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }

  /** Paced load: {@code rate} requests a second in total, a mix of the example API's routes. */
  private static final class Load {
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    private final URI base;
    private final int rate;
    private final int threads;
    private final AtomicLong sequence = new AtomicLong();
    private final HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService pool;
    private volatile boolean running = true;

    Load(URI base, int rate, int threads) {
      this.base = base;
      this.rate = rate;
      this.threads = threads;
      this.pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "soak-load");
        t.setDaemon(true);
        return t;
      });
    }

    void start() {
      long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threads / rate;
      for (int i = 0; i < threads; i++) {
        pool.execute(() -> {
          long next = System.nanoTime();
          while (running) {
            long n = sequence.getAndIncrement();
            try {
              client.send(request(n), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
              errors.increment();
            } catch (InterruptedException e) {
              return;
            }
            requests.increment();
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              try {
                TimeUnit.NANOSECONDS.sleep(wait);
              } catch (InterruptedException e) {
                return;
              }
            } else {
              next = System.nanoTime(); // behind: do not burst to catch up
            }
          }
        });
      }
    }

    private HttpRequest request(long n) {
      HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30)).header("X-Moesif-Transaction-Id", "soak-" + n);
      switch ((int) (n % 7)) {
        case 0, 1 -> b.uri(base.resolve("/hello"));
        case 2, 3 -> b.uri(base.resolve("/echo")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON_BODY));
        case 4 -> b.uri(base.resolve("/json?size=8192"));
        case 5 -> b.uri(base.resolve("/status/503"));
        default -> b.uri(base.resolve("/users/u" + (n % 1000)));
      }
      return b.build();
    }

    void stop() throws InterruptedException {
      running = false;
      pool.shutdown();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  /**
   * A collector that only counts: it stream-parses each gunzipped batch for {@code
   * transaction_id} values {@code soak-N} and marks N in a bit set. Batches whose {@code
   * User-Agent} is not our SDK's are counted apart.
   */
  private static final class DistinctCollector implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    final LongAdder batches = new LongAdder();
    final LongAdder repeats = new LongAdder();
    final LongAdder foreign = new LongAdder();
    volatile @Nullable String foreignAgent;
    private final BitSet seen = new BitSet();
    private final HttpServer server;
    private final ExecutorService executor;

    private DistinctCollector(HttpServer server, ExecutorService executor) {
      this.server = server;
      this.executor = executor;
    }

    static DistinctCollector start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "soak-collector");
        t.setDaemon(true);
        return t;
      });
      DistinctCollector collector = new DistinctCollector(server, executor);
      server.setExecutor(executor);
      server.createContext("/", collector::handle);
      server.start();
      return collector;
    }

    URI baseUri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized long distinct() {
      return seen.cardinality();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        byte[] answer = path.endsWith("/v1/rules") ? "[]".getBytes(StandardCharsets.US_ASCII) : "{}".getBytes(StandardCharsets.US_ASCII);
        if (path.endsWith("/v1/events/batch")) {
          String agent = exchange.getRequestHeaders().getFirst("User-Agent");
          if (agent == null || !agent.startsWith(OUR_USER_AGENT)) {
            foreign.increment();
            foreignAgent = agent;
          }
          boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
          try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
              JsonParser parser = JSON.createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
              if (token == JsonToken.FIELD_NAME && parser.getParsingContext().getParent().inArray()
                  && "transaction_id".equals(parser.currentName())) {
                parser.nextToken();
                mark(parser.getText());
              }
            }
          }
          batches.increment();
        } else {
          exchange.getRequestBody().readAllBytes();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
      }
    }

    private synchronized void mark(String id) {
      if (id.startsWith("soak-")) {
        int n = Integer.parseInt(id.substring(5));
        if (seen.get(n)) {
          repeats.increment();
        }
        seen.set(n);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
