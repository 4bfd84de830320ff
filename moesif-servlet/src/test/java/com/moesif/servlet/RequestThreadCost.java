package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.jspecify.annotations.Nullable;

/**
 * By hand, not a test (it asserts nothing, and speed is never asserted): what {@link
 * MoesifFilter} costs on the request thread of Jetty 12, in ns and allocated bytes per request.
 * JMH cannot host it: moesif-benchmarks leaves this module off its class path (the official
 * Moesif filter there has the same class name).
 *
 * <p>Two in-process Jetty servers with a {@link LocalConnector} (no sockets) serve {@code GET
 * /hello} as the examples' servlet does; a timing filter first in each chain measures {@code
 * chain.doFilter} on the request thread with {@code System.nanoTime} and the thread's allocated
 * bytes, less the servlet's one write: that write completes the response and hands it to the
 * client thread, which made the timings bimodal (so a filter's tee of those 14 bytes is left
 * out too; "B/req w/ write" counts everything). One server has {@link MoesifFilter} behind the
 * timing filter, the other ("bare") does not; the difference is the filter's cost. Rounds alternate between the two. The SDK ships to
 * a discarding collector on loopback; its queue is large enough for a round and drained after
 * each (a full queue would take the cheaper dropping path).
 *
 * <p>Run it by hand (moesif-core's classes from this tree go first: the class path Maven writes
 * names the moesif-core jar in the local repository, which another checkout may have installed):
 *
 * <pre>
 * ./mvnw -q -pl moesif-servlet -am test-compile -DskipTests
 * ./mvnw -q -pl moesif-servlet dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xms2g -Xmx2g -cp moesif-servlet/target/test-classes:moesif-servlet/target/classes:moesif-core/target/classes:$(cat moesif-servlet/target/cp.txt) \
 *     com.moesif.servlet.RequestThreadCost [rounds, 10] [requests per round, 200000]
 * </pre>
 *
 * The first two rounds are warm-up. Read the per-request difference of the medians or
 * interquartile means; the means of the raw times are dominated by preemption and GC on a shared
 * machine.
 */
public final class RequestThreadCost {
  /** wrk's default request: the request line and a Host header. */
  private static final String REQUEST = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";

  private static final byte[] HELLO = "Hello, world!\n".getBytes(StandardCharsets.UTF_8);

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private RequestThreadCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    HttpServer collector = discardingCollector();
    MoesifConfig config =
        MoesifConfig.builder()
            .applicationId("request-thread-cost")
            .baseUri(URI.create("http://127.0.0.1:" + collector.getAddress().getPort()))
            .shutdownHook(false)
            // Room for a whole round: the shippers share the 2 cores with the measured threads
            // and may fall behind within a round; every round ends with a flush.
            .maxQueueBytes(1L << 30)
            .build();
    try (Moesif moesif = Moesif.create(config, "servlet")) {
      Timing bare = new Timing(perRound);
      Timing ours = new Timing(perRound);
      Server bareServer = server(bare, null);
      Server oursServer = server(ours, new MoesifFilter(moesif));
      try {
        LocalConnector bareConnector = (LocalConnector) bareServer.getConnectors()[0];
        LocalConnector oursConnector = (LocalConnector) oursServer.getConnectors()[0];
        check(bareConnector.getResponse(REQUEST));
        check(oursConnector.getResponse(REQUEST));
        System.out.printf(
            "%-6s %-6s %10s %10s %10s %14s%n", "round", "chain", "median ns", "IQM ns", "B/req", "B/req w/ write");
        // Per chain: median, interquartile mean, bytes, bytes with the write; summed over the measured rounds.
        double[][] sums = new double[2][4];
        for (int round = 1; round <= rounds; round++) {
          boolean warmup = round <= 2;
          // Alternate which goes first, so drifting load hits both alike.
          Timing[] order = round % 2 == 0 ? new Timing[] {bare, ours} : new Timing[] {ours, bare};
          for (Timing timing : order) {
            LocalConnector connector = timing == bare ? bareConnector : oursConnector;
            timing.reset();
            for (int i = 0; i < perRound; i++) {
              connector.getResponse(REQUEST);
            }
            double[] result = timing.result();
            System.out.printf(
                "%-6s %-6s %10.0f %10.1f %10.1f %14.1f%s%n",
                round,
                timing == bare ? "bare" : "moesif",
                result[0],
                result[1],
                result[2],
                result[3],
                warmup ? " (warm-up)" : "");
            if (!moesif.flush(Duration.ofSeconds(60))) {
              throw new IllegalStateException("the queue did not drain: " + moesif.stats());
            }
            if (!warmup) {
              double[] sum = sums[timing == bare ? 0 : 1];
              for (int i = 0; i < sum.length; i++) {
                sum[i] += result[i];
              }
            }
          }
        }
        int measured = Math.max(1, rounds - 2);
        System.out.printf(
            "filter cost per request (moesif - bare, mean of %d rounds): median %.0f ns, IQM %.0f ns, %.0f B (%.0f B with the write)%n",
            measured,
            (sums[1][0] - sums[0][0]) / measured,
            (sums[1][1] - sums[0][1]) / measured,
            (sums[1][2] - sums[0][2]) / measured,
            (sums[1][3] - sums[0][3]) / measured);
        System.out.println(moesif.stats());
      } finally {
        oursServer.stop();
        bareServer.stop();
      }
    } finally {
      collector.stop(0);
    }
  }

  private static void check(String response) {
    if (response == null || !response.startsWith("HTTP/1.1 200")) {
      throw new IllegalStateException("unexpected response: " + response);
    }
  }

  private static Server server(Timing timing, @Nullable Filter moesif) throws Exception {
    Server server = new Server();
    server.addConnector(new LocalConnector(server));
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(timing), "/*", EnumSet.of(DispatcherType.REQUEST));
    if (moesif != null) {
      context.addFilter(new FilterHolder(moesif), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new Hello(timing)), "/*");
    server.setHandler(context);
    server.start();
    return server;
  }

  /** What the examples' servlet does for {@code GET /hello}. */
  private static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Timing timing;

    Hello(Timing timing) {
      this.timing = timing;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(200);
      resp.setContentType("text/plain; charset=utf-8");
      resp.setContentLength(HELLO.length);
      // The last byte of the declared length completes the response: Jetty flushes it to the
      // connector and wakes the client thread, which made the timings bimodal. Left out.
      long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      resp.getOutputStream().write(HELLO);
      timing.excluded += System.nanoTime() - start;
      timing.excludedBytes += THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    }
  }

  /** First in the chain: times the rest of it on the request thread. */
  private static final class Timing implements Filter {
    private final long[] nanos;
    private int count;
    private long bytes;
    /** What the servlet's write took in the current request: time, and allocated bytes. */
    long excluded;
    long excludedBytes;
    private long bytesWithWrite;

    Timing(int capacity) {
      nanos = new long[capacity];
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
      excluded = 0;
      excludedBytes = 0;
      long start = System.nanoTime();
      chain.doFilter(request, response);
      long elapsed = System.nanoTime() - start - excluded;
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
      bytes += allocated - excludedBytes;
      bytesWithWrite += allocated;
      if (count < nanos.length) {
        nanos[count] = elapsed;
      }
      count++;
    }

    void reset() {
      count = 0;
      bytes = 0;
      bytesWithWrite = 0;
    }

    /**
     * Median ns, interquartile mean ns (robust to the preempted and GC'd outliers a shared
     * machine gives, yet finer than the median), B/req without and with the servlet's write.
     */
    double[] result() {
      int n = Math.min(count, nanos.length);
      long[] sorted = Arrays.copyOf(nanos, n);
      Arrays.sort(sorted);
      double iqm = 0;
      for (int i = n / 4; i < n - n / 4; i++) {
        iqm += sorted[i];
      }
      int middle = n - 2 * (n / 4);
      return new double[] {
        n == 0 ? 0 : sorted[n / 2],
        middle == 0 ? 0 : iqm / middle,
        count == 0 ? 0 : (double) bytes / count,
        count == 0 ? 0 : (double) bytesWithWrite / count,
      };
    }
  }

  /** Takes every upload and answers as the collector does, keeping nothing. */
  private static HttpServer discardingCollector() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", RequestThreadCost::discard);
    server.start();
    return server;
  }

  private static void discard(HttpExchange http) throws IOException {
    try (http) {
      try (InputStream in = http.getRequestBody()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      String path = http.getRequestURI().getPath();
      byte[] body = path.endsWith("/v1/rules") ? "[]".getBytes(StandardCharsets.US_ASCII) : "{}".getBytes(StandardCharsets.US_ASCII);
      http.sendResponseHeaders(path.endsWith("/v1/config") || path.endsWith("/v1/rules") ? 200 : 201, body.length);
      http.getResponseBody().write(body);
    }
  }
}
