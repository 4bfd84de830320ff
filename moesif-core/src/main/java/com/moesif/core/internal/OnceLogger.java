package com.moesif.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a problem the first time it happens (per key) and counts every occurrence, so a failing
 * hook or a broken adapter path cannot flood the host application's log.
 */
public final class OnceLogger {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  private static final int MAX_KEYS = 1024;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** Logs at WARN the first time {@code key} is seen; returns whether it logged. */
  public boolean warn(String key, String message, @Nullable Throwable error) {
    if (seen.size() < MAX_KEYS && seen.add(key)) {
      if (error == null) {
        LOG.warn("{} (logged once)", message);
      } else {
        LOG.warn("{} (logged once; later occurrences are only counted in stats())", message, error);
      }
      return true;
    }
    return false;
  }

  /** Logs at ERROR the first time {@code key} is seen. */
  public boolean error(String key, String message) {
    if (seen.size() < MAX_KEYS && seen.add(key)) {
      LOG.error(message);
      return true;
    }
    return false;
  }
}
