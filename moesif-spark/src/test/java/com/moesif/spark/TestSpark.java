package com.moesif.spark;

import com.moesif.core.testkit.ServerHandle;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import spark.Service;

/** For the tests of both packages: a Spark instance of its own ({@link Service#ignite()}) on 127.0.0.1 and a free port. */
public final class TestSpark {
  private TestSpark() {}

  /**
   * Configures a new instance, lets {@code setup} register Moesif and map routes (Spark starts its
   * server on the first mapping), and waits until it listens.
   */
  public static ServerHandle start(Consumer<Service> setup) throws Exception {
    Service http = Service.ignite().ipAddress("127.0.0.1").port(0).threadPool(16, 2, 30_000);
    AtomicReference<Exception> failed = new AtomicReference<>();
    // Spark's default reaction to a failed start is System.exit(100): never in a test JVM.
    http.initExceptionHandler(failed::set);
    setup.accept(http);
    http.awaitInitialization();
    if (failed.get() != null) {
      stop(http);
      throw new IllegalStateException("Spark did not start", failed.get());
    }
    URI base = URI.create("http://127.0.0.1:" + http.port());
    return new ServerHandle() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        stop(http);
      }
    };
  }

  private static void stop(Service http) {
    http.stop(); // asynchronous: Spark stops Jetty on a thread of its own
    http.awaitStop();
  }
}
