package com.moesif.benchmarks;

import com.moesif.core.MoesifConfig;
import com.moesif.core.internal.BatchEncoder;
import com.moesif.core.internal.Counters;
import com.moesif.core.internal.EventAssembler;
import com.moesif.core.internal.OnceLogger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the gzip level trades CPU for bytes on a batch of 100 serialised events (the choice behind
 * {@link BatchEncoder#GZIP_LEVEL}): events/s compressed on one core, and the compressed bytes per
 * event (printed once per trial, in the benchmark's output).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CompressionBenchmark {
  @Param({"0", "1024"})
  int bodyBytes;

  @Param({"1", "3", "6", "9"})
  int level;

  private byte[] array;
  private Deflater deflater;
  private byte[] out;

  @Setup
  public void setUp() throws IOException {
    EventAssembler assembler =
        new EventAssembler(
            MoesifConfig.builder().applicationId("benchmark-app-id").shutdownHook(false).build(),
            new Counters(),
            new OnceLogger());
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int i = 0; i < ShippingBenchmark.BATCH; i++) {
        encoder.append(assembler.assemble(Fixtures.pending(bodyBytes, i)), null);
      }
      // The batch's JSON array exactly as the shipper builds it, read back from its gzip.
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(encoder.gzip()))) {
        array = in.readAllBytes();
      }
    }
    deflater = new Deflater(level, true);
    out = new byte[array.length + 1024];
    // The size side of the trade, printed once per trial (it does not vary between invocations).
    System.out.printf(
        "%n[gzip level %d, body %d B] %.1f bytes/event JSON -> %.1f bytes/event deflated%n",
        level, bodyBytes, array.length / (double) ShippingBenchmark.BATCH,
        deflate() / (double) ShippingBenchmark.BATCH);
  }

  @TearDown
  public void tearDown() {
    deflater.end();
  }

  /** Deflates the whole array in one call with a reused deflater, as {@link BatchEncoder} does. */
  @Benchmark
  @OperationsPerInvocation(ShippingBenchmark.BATCH)
  public int gzipBatchOf100() {
    return deflate();
  }

  private int deflate() {
    deflater.reset();
    deflater.setInput(array);
    deflater.finish();
    int n = 0;
    while (!deflater.finished()) {
      n += deflater.deflate(out, n, out.length - n);
    }
    return n;
  }
}
