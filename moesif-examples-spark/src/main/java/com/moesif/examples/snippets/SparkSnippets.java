package com.moesif.examples.snippets;

import static spark.Spark.get;
import static spark.Spark.port;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.spark.MoesifSpark;

/**
 * The Spark snippets of the READMEs, compiled here rather than in moesif-examples: Spark's Jetty 9
 * cannot share that module's class path. See moesif-examples' {@code ReadmeSnippetsTest}.
 */
final class SparkSnippets {
  private SparkSnippets() {}

  static void topLevel(MoesifConfig config) {
    // snippet: README.md
    Moesif moesif = Moesif.create(config);
    MoesifSpark.register(moesif);
    get("/hello", (req, res) -> "Hello");
    // end snippet
  }

  static void module() {
    // snippet: moesif-spark/README.md
    Moesif moesif = Moesif.create(MoesifConfig.builder().applicationId("…").build(), "spark");
    port(4567);                    // server settings first: Spark starts its server on the first mapping
    MoesifSpark.register(moesif);  // then Moesif, before your own filters and routes
    get("/hello", (req, res) -> "Hello");
    // end snippet
  }
}
