package com.moesif.spring;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifStats;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The SDK's health as Actuator shows it under {@code moesif}: always {@code UP}, so a collector
 * outage never fails the application's own health (events are queued, retried and, past the
 * bounds, dropped and counted; the application is unaffected), with the details that tell whether
 * events are arriving: the collector, the result of the latest uploads ({@code accepted}, {@code
 * failing} or {@code none yet}), the counters and the last error.
 *
 * <p>The latest result is what the counters did since the previous check: an accepted batch means
 * the collector answers; retries or failures without one mean it does not (or rejects the
 * batches; {@code lastError} says which).
 */
final class MoesifHealthIndicator extends AbstractHealthIndicator {
  static final String ACCEPTED = "accepted";
  static final String FAILING = "failing";
  static final String NONE_YET = "none yet";

  private final Moesif moesif;
  private final AtomicReference<Verdict> last = new AtomicReference<>(new Verdict(null, NONE_YET));

  private record Verdict(@Nullable MoesifStats stats, String uploads) {}

  MoesifHealthIndicator(Moesif moesif) {
    super("Moesif health check failed");
    this.moesif = moesif;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    MoesifStats now = moesif.stats();
    Verdict verdict = last.updateAndGet(previous -> new Verdict(now, uploads(previous, now)));
    builder
        .up()
        .withDetail("enabled", moesif.config().enabled())
        .withDetail("collector", moesif.config().baseUri().toString())
        .withDetail("uploads", verdict.uploads())
        .withDetail("sent", now.sent())
        .withDetail("pending", now.pending())
        .withDetail("dropped", now.dropped())
        .withDetail("failed", now.failed())
        .withDetail("retries", now.retries());
    if (now.lastError() != null) {
      builder.withDetail("lastError", now.lastError());
    }
  }

  private static String uploads(Verdict previous, MoesifStats now) {
    MoesifStats before = previous.stats();
    long batches = before == null ? 0 : before.batches();
    long troubles = before == null ? 0 : before.retries() + before.failed();
    if (now.batches() > batches) {
      return ACCEPTED;
    }
    if (now.retries() + now.failed() > troubles) {
      return FAILING;
    }
    return previous.uploads();
  }
}
