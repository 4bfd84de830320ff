package com.moesif.benchmarks;

import com.moesif.core.MoesifConfig;
import com.moesif.core.internal.BatchEncoder;
import com.moesif.core.internal.Counters;
import com.moesif.core.internal.EventAssembler;
import com.moesif.core.internal.OnceLogger;
import com.moesif.core.model.EventModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
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

  private final List<byte[]> events = new ArrayList<>();
  private int rawBytes;

  @Setup
  public void setUp() throws IOException {
    EventAssembler assembler =
        new EventAssembler(
            MoesifConfig.builder().applicationId("benchmark-app-id").shutdownHook(false).build(),
            new Counters(),
            new OnceLogger());
    for (int i = 0; i < ShippingBenchmark.BATCH; i++) {
      EventModel event = assembler.assemble(Fixtures.pending(bodyBytes));
      byte[] json = BatchEncoder.encodeEvent(event, null);
      events.add(json);
      rawBytes += json.length + 1;
    }
    // The size side of the trade, printed once per trial (it does not vary between invocations).
    System.out.printf(
        "%n[gzip level %d, body %d B] %.1f bytes/event JSON -> %.1f bytes/event gzip'd%n",
        level, bodyBytes, rawBytes / (double) events.size(), gzip().length / (double) events.size());
  }

  @Benchmark
  @OperationsPerInvocation(ShippingBenchmark.BATCH)
  public byte[] gzipBatchOf100() throws IOException {
    return gzip();
  }

  private byte[] gzip() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream(rawBytes / 4);
    try (GZIPOutputStream gzip = new LevelGzip(raw, level)) {
      gzip.write('[');
      for (int i = 0; i < events.size(); i++) {
        if (i > 0) {
          gzip.write(',');
        }
        gzip.write(events.get(i));
      }
      gzip.write(']');
    }
    return raw.toByteArray();
  }

  private static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out, int level) throws IOException {
      super(out, 8192);
      def.setLevel(level);
    }
  }
}
