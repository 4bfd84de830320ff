package com.moesif.benchmarks;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.sun.net.httpserver.HttpServer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Request-thread cost of one capture: start, tee the bodies, end (hooks, identity, one queue
 * offer). {@code bare} walks the same views without the SDK, the baseline to subtract. Shipper
 * threads run against a discarding loopback collector so the queue never fills.
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

  private HttpServer collector;
  private Moesif moesif;
  private CaptureEngine engine;
  private byte[] body;
  private final Fixtures.Response response = new Fixtures.Response();
  private final Fixtures.Request request = Fixtures.request("POST", "https://api.example.com/v1/items/42?expand=owner");

  @Setup(Level.Trial)
  public void setUp() {
    collector = Fixtures.discardingCollector();
    moesif =
        Moesif.create(
            MoesifConfig.builder()
                .applicationId("benchmark-app-id")
                .baseUri(Fixtures.uri(collector))
                .logBody(logBody)
                .shutdownHook(false)
                .build());
    engine = moesif.captureEngine();
    body = bodyBytes == 0 ? new byte[0] : Fixtures.json(bodyBytes);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    moesif.close(Duration.ofSeconds(5));
    collector.stop(0);
  }

  @Benchmark
  public void capture(Blackhole bh) {
    Exchange exchange = engine.startIncoming(request);
    if (body.length > 0) {
      // Applications read and write in chunks; 8 KiB is what containers typically use.
      for (int off = 0; off < body.length; off += 8192) {
        int len = Math.min(8192, body.length - off);
        exchange.requestBody().write(body, off, len);
        exchange.responseBody().write(body, off, len);
      }
    }
    bh.consume(exchange.transactionId());
    exchange.end(response, null);
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
