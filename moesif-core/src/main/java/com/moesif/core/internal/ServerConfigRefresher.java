package com.moesif.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-driven state (sampling config and governance rules), refreshed in the background:
 * once at start-up (start-up never waits for it), every {@code CONFIG_REFRESH_INTERVAL}, and
 * whenever a batch answer carries a config ETag or rules tag different from the last seen. At
 * most one fetch per resource is in flight; a failed or malformed fetch keeps the last good copy.
 * Request threads read the snapshots with one volatile read each.
 */
public final class ServerConfigRefresher {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  /** Larger answers are refused: a config or rule set this size is an error, not data. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  static final String CONFIG_ETAG = "X-Moesif-Config-ETag";
  static final String RULES_TAG = "X-Moesif-Rules-Tag";

  private final CollectorClient client;
  private final Duration interval;
  private final Counters counters;
  private final Resource configResource = new Resource("/v1/config", CONFIG_ETAG);
  private final Resource rulesResource = new Resource("/v1/rules", RULES_TAG);
  private volatile ServerConfig config = ServerConfig.DEFAULT;
  private volatile GovernanceRules rules = GovernanceRules.NONE;
  private @Nullable ScheduledExecutorService scheduler;
  private volatile boolean closed;

  public ServerConfigRefresher(CollectorClient client, Duration interval, Counters counters) {
    this.client = client;
    this.interval = interval;
    this.counters = counters;
  }

  public ServerConfig config() {
    return config;
  }

  public GovernanceRules rules() {
    return rules;
  }

  /** Test and embedding seam: install snapshots directly. */
  public void install(ServerConfig config, GovernanceRules rules) {
    this.config = Objects.requireNonNull(config);
    this.rules = Objects.requireNonNull(rules);
  }

  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "moesif-config");
              t.setDaemon(true);
              return t;
            });
    scheduler = s;
    long every = interval.toMillis();
    s.scheduleWithFixedDelay(
        () -> {
          refresh(configResource);
          refresh(rulesResource);
        },
        0,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** Called with the headers of every accepted batch: a changed tag triggers one background refetch. */
  public void onBatchResponse(HttpHeaders headers) {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      return;
    }
    String etag = headers.firstValue(CONFIG_ETAG).orElse(null);
    if (etag != null && configResource.tagChanged(etag)) {
      submit(s, configResource);
    }
    String tag = headers.firstValue(RULES_TAG).orElse(null);
    if (tag != null && rulesResource.tagChanged(tag)) {
      submit(s, rulesResource);
    }
  }

  private void submit(ScheduledExecutorService s, Resource resource) {
    try {
      s.execute(() -> refresh(resource));
    } catch (RuntimeException rejectedAfterClose) {
      // closing: nothing to refresh for
    }
  }

  private void refresh(Resource resource) {
    if (closed) {
      return; // the config fetch may have swallowed close's interrupt: do not start the rules fetch
    }
    if (!resource.inFlight.compareAndSet(false, true)) {
      return; // one fetch per resource at a time
    }
    try {
      CollectorClient.Fetched fetched = client.get(resource.path, MAX_BODY_BYTES);
      if (fetched == null) {
        return;
      }
      String tag = fetched.headers().firstValue(resource.tagHeader).orElse(null);
      JsonNode root = Json.MAPPER.readTree(fetched.body());
      if (resource == configResource) {
        config = ServerConfig.parse(root, tag);
      } else {
        rules = GovernanceRules.parse(root, tag);
      }
      if (tag != null) {
        resource.lastTag = tag;
      }
      LOG.debug("Moesif: refreshed {} (tag {})", resource.path, tag);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalArgumentException refused) {
      // The answer parsed but is not a usable config or rule set (not the expected JSON shape,
      // or past the size the request path can afford to evaluate): said once per resource.
      counters.lastError("refresh of " + resource.path + " refused: " + refused.getMessage());
      if (!resource.refusalLogged) {
        resource.refusalLogged = true;
        LOG.warn(
            "Moesif: refused the collector's {} ({}); the last good copy stays in force (logged once)",
            resource.path,
            refused.getMessage());
      }
    } catch (Exception e) {
      counters.lastError("refresh of " + resource.path + " failed: " + e);
      LOG.debug("Moesif: keeping the last good {}: {}", resource.path, e.toString());
    } finally {
      resource.inFlight.set(false);
    }
  }

  /**
   * Stops refreshing. A fetch in progress is interrupted (the collector client's calls are
   * interruptible), so the short wait only lets the thread finish unwinding.
   */
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Resource {
    final String path;
    final String tagHeader;
    final AtomicBoolean inFlight = new AtomicBoolean();
    volatile @Nullable String lastTag;
    /** Set by the one refreshing thread at a time ({@link #inFlight}). */
    volatile boolean refusalLogged;

    Resource(String path, String tagHeader) {
      this.path = path;
      this.tagHeader = tagHeader;
    }

    /** True once per new tag value, so a tag seen on many batches triggers one refetch. */
    synchronized boolean tagChanged(String tag) {
      if (tag.equals(lastTag)) {
        return false;
      }
      lastTag = tag;
      return true;
    }
  }
}
