package com.moesif.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.MoesifConfig;
import com.moesif.core.internal.BatchEncoder;
import com.moesif.core.internal.Counters;
import com.moesif.core.internal.EventAssembler;
import com.moesif.core.internal.Json;
import com.moesif.core.internal.OnceLogger;
import com.moesif.core.internal.PendingEvent;
import com.moesif.core.model.EventModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Shipper-thread cost per event: assemble (decode, detect JSON, mask), serialise and gzip a batch
 * of 100. Reported per event, so ops/s is events/s on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ShippingBenchmark {
  static final int BATCH = 100;

  @Param({"0", "1024"})
  int bodyBytes;

  @Param({"false", "true"})
  boolean masking;

  private List<PendingEvent> pending;
  private EventAssembler assembler;
  private final BatchEncoder encoder = new BatchEncoder();

  @Setup
  public void setUp() {
    MoesifConfig.Builder config =
        MoesifConfig.builder().applicationId("benchmark-app-id").shutdownHook(false).maskRecommended(masking);
    assembler = new EventAssembler(config.build(), new Counters(), new OnceLogger());
    pending = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      pending.add(Fixtures.pending(bodyBytes));
    }
  }

  /** What a worker does per batch: assemble, serialise into the batch buffer, gzip. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] batchOf100() throws IOException {
    encoder.clear();
    for (PendingEvent p : pending) {
      EventModel event = assembler.assemble(p);
      JsonNode metadata = event.metadata() == null ? null : Json.MAPPER.valueToTree(event.metadata());
      encoder.append(event, metadata);
    }
    return encoder.gzip();
  }

  @TearDown
  public void tearDown() {
    encoder.close();
  }
}
