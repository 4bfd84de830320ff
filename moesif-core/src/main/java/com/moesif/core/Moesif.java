package com.moesif.core;

import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.internal.CaptureEngines;
import com.moesif.core.internal.CollectorClient;
import com.moesif.core.internal.Counters;
import com.moesif.core.internal.CaptureEngineCore;
import com.moesif.core.internal.EntityClient;
import com.moesif.core.internal.EventQueue;
import com.moesif.core.internal.LoadShedding;
import com.moesif.core.internal.OnceLogger;
import com.moesif.core.internal.RequestThreadCost;
import com.moesif.core.internal.ServerConfigRefresher;
import com.moesif.core.internal.Shipper;
import com.moesif.core.internal.ThreadCpuMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK: one per application. Owns the capture engine that adapters drive, the bounded queue
 * and the shipper threads that upload batches. Share one instance between the incoming adapter
 * and the outgoing interceptors. Threads are daemon threads named {@code moesif-*}; {@link
 * #close()} (or the JVM shutdown hook, unless turned off) delivers what is queued within a
 * deadline and stops them all.
 */
public final class Moesif implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");

  private final MoesifConfig config;
  private final Counters counters = new Counters();
  private final EventQueue queue;
  private final CollectorClient collector;
  private final ServerConfigRefresher configRefresher;
  private final LoadShedding shedding;
  private final Shipper shipper;
  private final CaptureEngine engine;
  private final MoesifApiClient api;
  private final Thread shutdownHook;

  private Moesif(MoesifConfig config, String adapterName) {
    this.config = Objects.requireNonNull(config, "config");
    OnceLogger onceLogger = new OnceLogger();
    this.queue = new EventQueue(config.eventQueueSize(), config.maxQueueBytes(), counters);
    this.collector = new CollectorClient(config, counters, onceLogger, adapterName);
    this.configRefresher = new ServerConfigRefresher(collector, config.configRefreshInterval(), counters);
    collector.onSuccessfulResponse(configRefresher::onBatchResponse);
    this.shedding = LoadShedding.of(config, queue, counters, collector::answering, new ThreadCpuMeter(this::sdkThreads, RequestThreadCost.ofThisJvm()));
    this.shipper = new Shipper(config, queue, counters, onceLogger, collector, shedding);
    this.engine = CaptureEngines.create(new CaptureEngineCore(config, counters, queue, onceLogger, configRefresher, shedding));
    this.api = new MoesifApiClient(new EntityClient(collector, collector.executor(), config.maxBatchBytes()));
    this.shutdownHook = new Thread(() -> close(config.shutdownTimeout()), "moesif-shutdown");
    if (config.enabled()) {
      shipper.start();
      configRefresher.start();
      if (config.shutdownHook()) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      LOG.info("Moesif: capturing to {} with application id {}", config.baseUri(), config.applicationIdForLogs());
    } else {
      // Turned off on purpose (ENABLED=false): say so only to whoever asks for DEBUG.
      LOG.debug("Moesif: disabled (ENABLED=false): nothing is captured or sent");
    }
  }

  /**
   * Starts the SDK: threads begin, nothing waits on the network.
   *
   * @param config the configuration
   * @return the running SDK; close it on shutdown (or leave that to its shutdown hook)
   */
  public static Moesif create(MoesifConfig config) {
    return new Moesif(config, "java");
  }

  /**
   * As {@link #create(MoesifConfig)}, naming the adapter in the {@code User-Agent}.
   *
   * @param config the configuration
   * @param adapterName the adapter's name, e.g. {@code servlet}
   * @return the running SDK
   */
  public static Moesif create(MoesifConfig config, String adapterName) {
    return new Moesif(config, adapterName);
  }

  /** The threads whose CPU counts as the SDK's: the shipper's and the collector client's. */
  private List<Thread> sdkThreads() {
    List<Thread> threads = new ArrayList<>(shipper.threads());
    threads.addAll(collector.threads());
    return threads;
  }

  /** {@return the configuration this instance runs with} */
  public MoesifConfig config() {
    return config;
  }

  /** {@return the engine adapters drive} */
  public CaptureEngine captureEngine() {
    return engine;
  }

  /** {@return users, companies and subscriptions} */
  public MoesifApiClient api() {
    return api;
  }

  /** {@return a snapshot of the counters} */
  public MoesifStats stats() {
    return counters.snapshot(queue.pending(), queue.queuedBytes(), shedding.divisor(), shedding.sdkCpuPercent());
  }

  /**
   * Uploads everything queued now, waiting at most {@code timeout}.
   *
   * @param timeout how long to wait at most
   * @return true if nothing was pending when it returned
   */
  public boolean flush(Duration timeout) {
    return shipper.flush(timeout);
  }

  /**
   * Stops accepting events, delivers what is queued within {@code timeout}, then stops every
   * thread. What could not be delivered in time is counted as dropped. Idempotent.
   *
   * @param timeout how long to wait for the delivery at most
   */
  public void close(Duration timeout) {
    try {
      if (Thread.currentThread() != shutdownHook && config.enabled() && config.shutdownHook()) {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      }
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or about to: it closes us
    }
    configRefresher.close();
    shipper.close(timeout);
    collector.close();
  }

  /** {@link #close(Duration)} with the configured {@code SHUTDOWN_TIMEOUT}. */
  @Override
  public void close() {
    close(config.shutdownTimeout());
  }
}
