package com.moesif.core.testkit;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the adapters' own tests share, as a JUnit extension: a fresh {@link CollectorDouble}
 * per test, an SDK pointed at it with fast batches and no shutdown hook, and the servers a test
 * starts, all closed after the test (servers first, then the SDK, then the collector).
 *
 * <pre>{@code
 * @RegisterExtension final SdkFixture fixture = new SdkFixture("filter-test-app");
 * Moesif moesif = fixture.moesif(b -> b.logBody(false));
 * ServerHandle server = fixture.closeAfterwards(TestServers.JETTY.start(new MoesifFilter(moesif)));
 * }</pre>
 */
public final class SdkFixture implements BeforeEachCallback, AfterEachCallback {
  private final String applicationId;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private @Nullable CollectorDouble collector;
  private @Nullable Moesif moesif;

  /** {@return the names of the SDK's live threads (they all start with {@code moesif-})} */
  public static List<String> moesifThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("moesif-"))
        .toList();
  }

  public SdkFixture(String applicationId) {
    this.applicationId = applicationId;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    collector = CollectorDouble.start();
  }

  /** The running test's collector double. */
  public CollectorDouble collector() {
    if (collector == null) {
      throw new IllegalStateException("SdkFixture: register it with @RegisterExtension");
    }
    return collector;
  }

  /**
   * The suite's configuration for this test: the application id, the collector, fast batches, no
   * CPU-share shedding, no shutdown hook.
   */
  public MoesifConfig.Builder config() {
    return MoesifConfig.builder()
        .applicationId(applicationId)
        .baseUri(collector().baseUri())
        .batchTimeout(Duration.ofMillis(100))
        // The scenarios count every event; in a test JVM whose handlers do nothing, the SDK's
        // threads are a large share of a busy process, and the CPU-share trigger (covered by
        // LoadSheddingTest) would shed successes. The queue's trigger stays on.
        .maxSdkCpuPercent(0)
        .shutdownHook(false);
  }

  /** Creates the test's SDK from {@link #config()} plus {@code customize}; closed after the test. */
  public Moesif moesif(UnaryOperator<MoesifConfig.Builder> customize) {
    Moesif created = Moesif.create(customize.apply(config()).build());
    if (moesif != null) {
      resources.add(moesif::close);
    }
    moesif = created;
    return created;
  }

  /** The SDK the test created last, or null. */
  public @Nullable Moesif current() {
    return moesif;
  }

  /** Closes {@code resource} (a server, a client) after the test, before the SDK. */
  public <T extends AutoCloseable> T closeAfterwards(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Closes {@code resource} after the test, after every other resource (an SDK a server created). */
  public <T extends AutoCloseable> T closeAfterTheOthers(T resource) {
    resources.add(0, resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    resources.clear();
    try {
      if (moesif != null) {
        moesif.close(Duration.ofSeconds(5));
      }
    } finally {
      moesif = null;
      if (collector != null) {
        collector.close();
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
