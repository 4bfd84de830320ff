package com.moesif.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when events are lost for good, at the default log level but without flooding it: one WARN
 * line per cause the first time, then at most one a minute per cause, each with the count lost
 * since the previous line and in total. ({@code stats()} counts every one of them.)
 */
public final class LossLog {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Causes are a handful of fixed strings; the cap only guards against a bug making them unbounded. */
  private static final int MAX_CAUSES = 64;

  private final ConcurrentMap<String, Cause> causes = new ConcurrentHashMap<>();

  private static final class Cause {
    long sinceLine;
    long total;
    long lastLineNanos;
    boolean logged;
  }

  /**
   * Records {@code count} events (or entity items) lost to {@code cause}, and logs when the cause
   * is new or its last line is a minute old.
   *
   * @param cause a fixed description, such as "the collector answered HTTP 500 through every retry"
   * @param detail what is specific to this loss (the last status or error), shown on the line
   */
  public void lost(String cause, long count, String what, String detail) {
    if (count <= 0) {
      return;
    }
    Cause c = causes.get(cause);
    if (c == null) {
      if (causes.size() >= MAX_CAUSES) {
        return;
      }
      c = causes.computeIfAbsent(cause, k -> new Cause());
    }
    long sinceLine;
    long total;
    synchronized (c) {
      c.sinceLine += count;
      c.total += count;
      long now = System.nanoTime();
      if (c.logged && now - c.lastLineNanos < INTERVAL_NANOS) {
        return;
      }
      c.logged = true;
      c.lastLineNanos = now;
      sinceLine = c.sinceLine;
      total = c.total;
      c.sinceLine = 0;
    }
    LOG.warn(
        "Moesif: {} {} lost: {} ({}); {} lost to this cause so far (this line repeats at most once a minute; stats() counts each)",
        sinceLine,
        what,
        cause,
        detail,
        total);
  }
}
