package com.moesif.micrometer;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Exposes {@link Moesif#stats()} as Micrometer meters, read when the registry publishes (nothing
 * runs on the request path and no thread is started).
 *
 * <pre>{@code
 * new MoesifMetrics(moesif).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what it counts</th></tr>
 *   <tr><td>{@code moesif.events.captured}</td><td>counter</td><td>calls captured as events</td></tr>
 *   <tr><td>{@code moesif.events.skipped}</td><td>counter</td><td>calls passed through by {@code skip}</td></tr>
 *   <tr><td>{@code moesif.events.processed}</td><td>counter, tag {@code outcome}</td><td>what became of
 *       captured events: {@code sent}, {@code sampled_out}, {@code shed}, {@code filtered}, {@code dropped},
 *       {@code failed}</td></tr>
 *   <tr><td>{@code moesif.events.pending}</td><td>gauge</td><td>events queued or in an upload under way</td></tr>
 *   <tr><td>{@code moesif.queue.bytes}</td><td>gauge, bytes</td><td>estimated bytes the queued events
 *       hold</td></tr>
 *   <tr><td>{@code moesif.uploads.latency}</td><td>function timer</td><td>time from an accepted batch's
 *       first upload attempt to its acceptance, retries included (count: accepted batches)</td></tr>
 *   <tr><td>{@code moesif.shed.divisor}</td><td>gauge</td><td>load shedding keeps 1 successful call in this
 *       many (1: every call is kept)</td></tr>
 *   <tr><td>{@code moesif.cpu.share}</td><td>gauge, percent</td><td>the SDK's share of the process's CPU in
 *       the last one-second window (its threads, its work on request threads, its part of garbage
 *       collection), what {@code MAX_SDK_CPU_PERCENT} caps; 0 until measured (the first 30 s)</td></tr>
 *   <tr><td>{@code moesif.events.bodies.omitted}</td><td>counter</td><td>events kept without their bodies
 *       because the queue was backed up</td></tr>
 *   <tr><td>{@code moesif.events.bodies.withheld}</td><td>counter</td><td>bodies replaced by a note because
 *       the masks could not parse them</td></tr>
 *   <tr><td>{@code moesif.uploads}</td><td>counter</td><td>batches the collector accepted</td></tr>
 *   <tr><td>{@code moesif.uploads.bytes}</td><td>counter, bytes</td><td>compressed bytes of accepted batches</td></tr>
 *   <tr><td>{@code moesif.uploads.retries}</td><td>counter</td><td>upload attempts that were retried</td></tr>
 *   <tr><td>{@code moesif.errors}</td><td>counter, tag {@code source}</td><td>errors caught inside the SDK
 *       ({@code internal}) or thrown by configuration hooks ({@code hook})</td></tr>
 *   <tr><td>{@code moesif.outgoing.failures}</td><td>counter</td><td>outgoing calls that failed without a
 *       response (no event is built for them)</td></tr>
 * </table>
 *
 * <p>Every captured event is counted once by an {@code outcome} or is pending, so {@code captured
 * = sum(processed) + pending}.
 */
public final class MoesifMetrics implements MeterBinder {
  private final Moesif moesif;
  private final Tags tags;

  /**
   * Meters for {@code moesif}, without extra tags.
   *
   * @param moesif the SDK instance to observe
   */
  public MoesifMetrics(Moesif moesif) {
    this(moesif, Tags.empty());
  }

  /**
   * Meters for {@code moesif}, each carrying {@code tags} (e.g. to tell two SDK instances apart).
   *
   * @param moesif the SDK instance to observe
   * @param tags tags added to every meter
   */
  public MoesifMetrics(Moesif moesif, Iterable<Tag> tags) {
    this.moesif = Objects.requireNonNull(moesif, "moesif");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "moesif.events.captured", "Calls captured as events (after skip)", Tags.empty(), null, MoesifStats::captured);
    counter(registry, "moesif.events.skipped", "Calls passed through untouched because skip said so", Tags.empty(), null, MoesifStats::skipped);

    String processed = "Captured events by what became of them";
    counter(registry, "moesif.events.processed", processed, Tags.of("outcome", "sent"), null, MoesifStats::sent);
    counter(registry, "moesif.events.processed", processed, Tags.of("outcome", "sampled_out"), null, MoesifStats::sampledOut);
    counter(registry, "moesif.events.processed", processed, Tags.of("outcome", "shed"), null, MoesifStats::shed);
    counter(registry, "moesif.events.processed", processed, Tags.of("outcome", "filtered"), null, MoesifStats::filtered);
    counter(registry, "moesif.events.processed", processed, Tags.of("outcome", "dropped"), null, MoesifStats::dropped);
    counter(registry, "moesif.events.processed", processed, Tags.of("outcome", "failed"), null, MoesifStats::failed);

    Gauge.builder("moesif.events.pending", moesif, m -> m.stats().pending())
        .description("Events queued or in an upload under way")
        .baseUnit("events")
        .tags(tags)
        .register(registry);
    Gauge.builder("moesif.queue.bytes", moesif, m -> m.stats().queuedBytes())
        .description("Estimated bytes the queued events hold (bounded by MAX_QUEUE_BYTES)")
        .baseUnit(BaseUnits.BYTES)
        .tags(tags)
        .register(registry);
    FunctionTimer.builder("moesif.uploads.latency", moesif, m -> m.stats().batches(), m -> m.stats().uploadNanos(),
            TimeUnit.NANOSECONDS)
        .description("Time from an accepted batch's first upload attempt to its acceptance, retries included")
        .tags(tags)
        .register(registry);
    Gauge.builder("moesif.shed.divisor", moesif, m -> m.stats().shedDivisor())
        .description("Load shedding keeps 1 successful call in this many (1: every call is kept)")
        .tags(tags)
        .register(registry);
    Gauge.builder("moesif.cpu.share", moesif, m -> m.stats().sdkCpuPercent())
        .description("The SDK's share of the process's CPU in the last second, percent (its threads, its work on"
            + " request threads, its part of GC); 0 until measured")
        .baseUnit(BaseUnits.PERCENT)
        .tags(tags)
        .register(registry);
    counter(
        registry,
        "moesif.events.bodies.omitted",
        "Events kept without their bodies because the queue was backed up",
        Tags.empty(),
        null,
        MoesifStats::bodiesOmitted);

    counter(registry, "moesif.events.bodies.withheld", "Bodies replaced by a note because the masks could not parse them",
        Tags.empty(), null, MoesifStats::bodiesWithheld);

    counter(registry, "moesif.uploads", "Batches the collector accepted", Tags.empty(), null, MoesifStats::batches);
    counter(registry, "moesif.uploads.bytes", "Compressed bytes of accepted batches", Tags.empty(), BaseUnits.BYTES, MoesifStats::bytesSent);
    counter(registry, "moesif.uploads.retries", "Upload attempts that were retried", Tags.empty(), null, MoesifStats::retries);

    String errors = "Errors caught inside the SDK or thrown by configuration hooks";
    counter(registry, "moesif.errors", errors, Tags.of("source", "internal"), null, MoesifStats::internalErrors);
    counter(registry, "moesif.errors", errors, Tags.of("source", "hook"), null, MoesifStats::hookErrors);
    counter(
        registry,
        "moesif.outgoing.failures",
        "Outgoing calls that failed without a response",
        Tags.empty(),
        null,
        MoesifStats::outgoingFailures);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      Tags extra,
      @Nullable String baseUnit,
      ToLongFunction<MoesifStats> value) {
    FunctionCounter.builder(name, moesif, m -> value.applyAsLong(m.stats()))
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags.and(extra))
        .register(registry);
  }
}
