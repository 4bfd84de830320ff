package com.moesif.examples;

import com.moesif.core.Moesif;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One framework's host for the example API. Every implementation serves the same routes (see
 * {@link ExampleApi}), so the demo, the end-to-end test and the benchmarks can swap frameworks with
 * {@code --framework} and compare like with like.
 */
public interface ExampleServer {

  /** The names {@code --framework} accepts. */
  static List<String> frameworks() {
    return List.of("servlet", "javalin", "jaxrs", "spark");
  }

  /**
   * A new, unstarted server for a framework name from {@link #frameworks()}.
   *
   * @throws IllegalArgumentException for any other name
   */
  static ExampleServer create(String framework) {
    switch (framework.toLowerCase(Locale.ROOT)) {
      case "servlet":
        return new ServletExampleServer();
      case "javalin":
        return new JavalinExampleServer();
      case "jaxrs":
        return new JaxRsExampleServer();
      case "spark":
        return new SparkExampleServer();
      default:
        throw new IllegalArgumentException(
            "unknown framework '" + framework + "'; choose one of " + String.join(", ", frameworks()));
    }
  }

  /**
   * Starts serving on {@code 127.0.0.1:port}.
   *
   * @param port 0 picks a free port
   * @param moesif the SDK to capture with, shared (the caller flushes and closes it); null serves
   *     the API bare, as the baseline for benchmarks
   * @return the port actually bound
   */
  int start(int port, @Nullable Moesif moesif) throws Exception;

  /** Stops serving; calls already answered are unaffected. */
  void stop() throws Exception;
}
