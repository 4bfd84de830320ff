package com.moesif.benchmarks;

import com.moesif.core.MoesifConfig;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.internal.CaptureEngines;
import com.moesif.core.internal.CollectorClient;
import com.moesif.core.internal.Counters;
import com.moesif.core.internal.CaptureEngineCore;
import com.moesif.core.internal.EventQueue;
import com.moesif.core.internal.LoadShedding;
import com.moesif.core.internal.OnceLogger;
import com.moesif.core.internal.ServerConfigRefresher;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Request-thread cost of one capture: start, tee the bodies, end (hooks, identity, one queue
 * offer). {@code bare} walks the same views without the SDK, the baseline to subtract.
 *
 * <p>Only the request thread runs: the engine is wired to a queue with no shipper threads, and
 * each invocation takes its event back out ({@code poll}, which allocates nothing), so the queue
 * stays at depth 0 and {@code -prof gc}'s allocation per op is the request thread's alone. (With
 * real shippers in the same JVM, their assembling, serialising and gzip'ing would be counted per
 * op too, and on a 2-core machine they would compete with the measured thread for CPU.) What the
 * shipper threads cost per event is {@link ShippingBenchmark}'s subject.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CaptureBenchmark {
  @Param({"0", "1024", "65536"})
  int bodyBytes;

  @Param({"true", "false"})
  boolean logBody;

  private EventQueue queue;
  private CaptureEngine engine;
  private byte[] body;
  private final Fixtures.Response response = new Fixtures.Response();
  private final Fixtures.Request request = Fixtures.request("POST", "https://api.example.com/v1/items/42?expand=owner");

  @Setup(Level.Trial)
  public void setUp() {
    MoesifConfig config =
        MoesifConfig.builder()
            .applicationId("benchmark-app-id")
            .baseUri(URI.create("http://127.0.0.1:9"))
            .logBody(logBody)
            .shutdownHook(false)
            .build();
    Counters counters = new Counters();
    OnceLogger onceLogger = new OnceLogger();
    queue = new EventQueue(config.eventQueueSize(), config.maxQueueBytes(), counters);
    // Never started: no config fetch, no threads; it only serves the default (keep-all) config.
    ServerConfigRefresher remote =
        new ServerConfigRefresher(new CollectorClient(config, counters, onceLogger, "benchmark"), Duration.ofMinutes(1), counters);
    engine = CaptureEngines.create(new CaptureEngineCore(config, counters, queue, onceLogger, remote, LoadShedding.off(queue, counters)));
    body = bodyBytes == 0 ? new byte[0] : Fixtures.json(bodyBytes);
  }

  @Benchmark
  public void capture(Blackhole bh) throws InterruptedException {
    Exchange exchange = engine.startIncoming(request);
    if (body.length > 0) {
      // The Content-Length hint the servlet adapter passes on (request: when the app opens the
      // body; response: setContentLength).
      exchange.requestBody().expect(body.length);
      exchange.responseBody().expect(body.length);
      // Applications read and write in chunks; 8 KiB is what containers typically use.
      for (int off = 0; off < body.length; off += 8192) {
        int len = Math.min(8192, body.length - off);
        exchange.requestBody().write(body, off, len);
        exchange.responseBody().write(body, off, len);
      }
    }
    bh.consume(exchange.transactionId());
    exchange.end(response, null);
    // The shipper's side, kept out of the measurement as far as possible: take the event back.
    bh.consume(queue.poll(0));
    queue.done(1);
  }

  /** The same view calls an application makes anyway, without the SDK. */
  @Benchmark
  public void bare(Blackhole bh) {
    bh.consume(request.method());
    bh.consume(request.url());
    bh.consume(response.status());
    bh.consume(body.length);
  }
}
