package com.moesif.core.internal;

import com.moesif.core.MoesifStats;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** The SDK's counters; LongAdder so request threads never contend on one cache line. */
public final class Counters {
  public final LongAdder captured = new LongAdder();
  public final LongAdder skipped = new LongAdder();
  public final LongAdder sampledOut = new LongAdder();
  public final LongAdder shed = new LongAdder();
  public final LongAdder filtered = new LongAdder();
  public final LongAdder dropped = new LongAdder();
  public final LongAdder bodiesOmitted = new LongAdder();
  public final LongAdder bodiesWithheld = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder sent = new LongAdder();
  public final LongAdder batches = new LongAdder();
  public final LongAdder bytesSent = new LongAdder();
  /** Time from a batch's first upload attempt to the collector's acceptance, summed over accepted batches. */
  public final LongAdder uploadNanos = new LongAdder();
  public final LongAdder retries = new LongAdder();
  public final LongAdder internalErrors = new LongAdder();
  public final LongAdder hookErrors = new LongAdder();
  public final LongAdder outgoingFailures = new LongAdder();
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

  public void lastError(String message) {
    lastError.set(message);
  }

  public MoesifStats snapshot(long pending, long queuedBytes, int shedDivisor, double sdkCpuPercent) {
    return new MoesifStats(
        captured.sum(),
        skipped.sum(),
        sampledOut.sum(),
        shed.sum(),
        filtered.sum(),
        dropped.sum(),
        bodiesOmitted.sum(),
        bodiesWithheld.sum(),
        failed.sum(),
        sent.sum(),
        pending,
        queuedBytes,
        batches.sum(),
        bytesSent.sum(),
        uploadNanos.sum(),
        retries.sum(),
        internalErrors.sum(),
        hookErrors.sum(),
        outgoingFailures.sum(),
        shedDivisor,
        sdkCpuPercent,
        lastError.get());
  }
}
