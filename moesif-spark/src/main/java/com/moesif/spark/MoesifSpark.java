package com.moesif.spark;

import com.moesif.core.Moesif;
import com.moesif.spark.internal.SparkFilters;
import java.util.Objects;
import spark.Service;
import spark.Spark;

/**
 * Captures every call a Spark Java 2.9 application serves and sends it to Moesif: route results,
 * {@code halt(...)}, exceptions (mapped by {@code exception(...)} or not), 404s and bodies streamed
 * through {@code response.raw().getOutputStream()}, each exactly once, without changing what the
 * application or the client see.
 *
 * <pre>{@code
 * Moesif moesif = Moesif.create(MoesifConfig.builder().applicationId("your application id").build());
 * port(4567);                      // server settings first: Spark starts on the first mapping
 * MoesifSpark.register(moesif);    // then Moesif, before other filters and the routes
 * get("/hello", (req, res) -> "Hello");
 * }</pre>
 *
 * <p>Register before other {@code before} filters: Spark runs filters in the order they were added,
 * and a filter that halts or reads the body ahead of Moesif's is not seen. The caller owns {@code
 * moesif} and closes it (or lets its shutdown hook do so). Bodies and the end of the call are
 * observed on Spark's embedded Jetty 9; in other servlet containers see the module README for what
 * is captured. The SDK fails open: its own errors are counted in {@link Moesif#stats()} and the call
 * proceeds as without it.
 */
public final class MoesifSpark {
  private MoesifSpark() {}

  /**
   * Installs capture on the static Spark API ({@link Spark}).
   *
   * @param moesif the SDK to capture with; the caller closes it
   */
  public static void register(Moesif moesif) {
    SparkFilters capture =
        new SparkFilters(Objects.requireNonNull(moesif, "moesif"), Spark::routes, Spark::halt);
    Spark.before(capture::before);
    Spark.afterAfter(capture::afterAfter);
  }

  /**
   * Installs capture on one Spark instance ({@link Service#ignite()}).
   *
   * @param http the Spark instance
   * @param moesif the SDK to capture with; the caller closes it
   */
  public static void register(Service http, Moesif moesif) {
    Objects.requireNonNull(http, "http");
    SparkFilters capture = new SparkFilters(Objects.requireNonNull(moesif, "moesif"), http::routes, http::halt);
    http.before(capture::before);
    http.afterAfter(capture::afterAfter);
  }
}
