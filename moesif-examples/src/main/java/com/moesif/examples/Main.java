package com.moesif.examples;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar moesif-examples.jar <demo|serve|collector> [options]}. Arguments are parsed by
 * hand to keep the jar free of a CLI library; a bad one prints the usage and exits with 2.
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  static final String DEFAULT_APPLICATION_ID = "local-demo-app";
  static final URI DEFAULT_BASE_URI = URI.create("http://127.0.0.1:" + LocalCollector.DEFAULT_PORT);
  static final int DEFAULT_SERVE_PORT = 8080;

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar moesif-examples.jar <command> [options]",
          "",
          "commands:",
          "  demo       start the local collector and every framework example in this JVM, send a mix",
          "             of traffic, print the events the collector received. No account, no internet.",
          "    --keep-running        then leave the collector (port " + LocalCollector.DEFAULT_PORT + " when free), its event",
          "                          viewer and the examples running, until Ctrl-C",
          "",
          "  serve      run the example API captured by the SDK, until Ctrl-C",
          "    --framework NAME      " + String.join(" | ", ExampleServer.frameworks()) + " (default: servlet)",
          "    --port P              port on 127.0.0.1; 0 picks a free one (default: " + DEFAULT_SERVE_PORT + ")",
          "    --base-uri URL        where events go (default: MOESIF_BASE_URI, else",
          "                          " + DEFAULT_BASE_URI + ", the local collector;",
          "                          use https://api.moesif.net for Moesif itself)",
          "    --application-id ID   (default: MOESIF_APPLICATION_ID, else " + DEFAULT_APPLICATION_ID + ")",
          "    --no-moesif           serve the same API without the SDK (benchmark baseline)",
          "    Other MOESIF_* environment variables and -Dmoesif.* properties apply as usual.",
          "",
          "  collector  run a local Moesif-compatible collector and its event viewer, until Ctrl-C",
          "    --port P              port on 127.0.0.1; 0 picks a free one (default: " + LocalCollector.DEFAULT_PORT + ")",
          "    --out FILE            events, one JSON object per line (default: ./moesif-events.jsonl);",
          "                          users/companies/subscriptions go to FILE's sibling *.entities.jsonl",
          "    --config FILE         body of GET /v1/config (default: {})",
          "    --rules FILE          body of GET /v1/rules (default: [])",
          "",
          "  help       print this text",
          "");

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    int code = run(args, System.out, System.err);
    boolean serving =
        args.length > 0
            && (args[0].equals("serve")
                || args[0].equals("collector")
                || (args[0].equals("demo") && List.of(args).contains("--keep-running")));
    if (code == EXIT_OK && serving) {
      // Serve until Ctrl-C (or SIGTERM): the shutdown hook then stops cleanly.
      new CountDownLatch(1).await();
    }
    System.exit(code);
  }

  /** Runs a command; returns the exit code (serve and collector return once they are listening). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      if (args.length == 0) {
        throw new UsageException("no command given");
      }
      String command = args[0];
      Map<String, String> options;
      switch (command) {
        case "help":
        case "--help":
        case "-h":
          out.print(USAGE);
          return EXIT_OK;
        case "demo":
          options = parse(args, Set.of(), Set.of("--keep-running"));
          // A terminal gets a progress line redrawn in place; a pipe or a file gets it once.
          return Demo.main(out, options.containsKey("--keep-running"), System.console() != null && out == System.out);
        case "serve":
          options = parse(args, Set.of("--framework", "--port", "--base-uri", "--application-id"), Set.of("--no-moesif"));
          return serve(options, out);
        case "collector":
          options = parse(args, Set.of("--port", "--out", "--config", "--rules"), Set.of());
          return collector(options, out);
        default:
          throw new UsageException("unknown command '" + command + "'");
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.print(USAGE);
      return EXIT_USAGE;
    } catch (Exception e) {
      err.println("error: " + e);
      return EXIT_FAILED;
    }
  }

  private static int serve(Map<String, String> options, PrintStream out) throws Exception {
    String framework = options.getOrDefault("--framework", "servlet");
    int port = port(options, DEFAULT_SERVE_PORT);
    ExampleServer server;
    try {
      server = ExampleServer.create(framework);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Moesif moesif = null;
    if (options.containsKey("--no-moesif")) {
      if (options.containsKey("--base-uri") || options.containsKey("--application-id")) {
        throw new UsageException("--no-moesif cannot be combined with --base-uri or --application-id");
      }
    } else {
      moesif = Moesif.create(moesifConfig(options), framework);
    }
    int bound;
    try {
      bound = server.start(port, moesif);
    } catch (IOException e) {
      if (moesif != null) {
        moesif.close(Duration.ZERO);
      }
      throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    out.println(framework + " example listening on http://127.0.0.1:" + bound);
    out.println(
        moesif == null
            ? "Moesif: off (--no-moesif)"
            : "Moesif: capturing to " + moesif.config().baseUri() + " as application id "
                + redact(moesif.config().applicationId()));
    out.println("routes: GET /hello, POST /echo, GET /json?size=N, GET /status/{code}, GET /stream, GET /error, GET /users/{id}, GET /outgoing");
    Moesif sdk = moesif;
    // Our own hook, not the SDK's, so the order is right: stop taking calls, then deliver them.
    onShutdown(
        () -> {
          try {
            server.stop();
          } catch (Exception e) {
            System.err.println("error stopping the server: " + e);
          }
          if (sdk != null) {
            sdk.close(Duration.ofSeconds(5));
            out.println("Moesif: " + statsLine(sdk.stats()));
          }
        });
    return EXIT_OK;
  }

  private static MoesifConfig moesifConfig(Map<String, String> options) throws UsageException {
    try {
      // Defaults first, then the environment, then flags: each later source wins.
      MoesifConfig.Builder builder =
          MoesifConfig.builder()
              .applicationId(DEFAULT_APPLICATION_ID)
              .baseUri(DEFAULT_BASE_URI)
              // GET /outgoing shows outgoing capture; MOESIF_CAPTURE_OUTGOING_REQUESTS=false turns it off.
              .captureOutgoingRequests(true)
              .applyEnvironment()
              .shutdownHook(false);
      String baseUri = options.get("--base-uri");
      if (baseUri != null) {
        builder.baseUri(URI.create(baseUri));
      }
      String applicationId = options.get("--application-id");
      if (applicationId != null) {
        builder.applicationId(applicationId);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int collector(Map<String, String> options, PrintStream out) throws IOException, UsageException {
    int port = port(options, LocalCollector.DEFAULT_PORT);
    Path file = Path.of(options.getOrDefault("--out", "moesif-events.jsonl"));
    String config = options.get("--config");
    String rules = options.get("--rules");
    LocalCollector collector =
        LocalCollector.start(
            port, file, config == null ? null : Path.of(config), rules == null ? null : Path.of(rules));
    out.println("collector listening on " + collector.baseUri() + ", writing " + collector.eventsFile());
    out.println("event viewer: " + collector.baseUri() + "/");
    onShutdown(
        () -> {
          collector.close();
          out.println(
              "collector stopped: " + collector.eventCount() + " events, "
                  + collector.entityCount() + " entities received");
        });
    return EXIT_OK;
  }

  /** Like the SDK's log redaction (first 4 characters), in plain ASCII. */
  static String redact(String applicationId) {
    return applicationId.length() <= 4 ? "..." : Demo.ascii(applicationId.substring(0, 4)) + "...";
  }

  static String statsLine(MoesifStats s) {
    return "captured=" + s.captured() + " sent=" + s.sent() + " sampledOut=" + s.sampledOut() + " shed=" + s.shed()
        + " shedDivisor=" + s.shedDivisor() + " dropped=" + s.dropped() + " bodiesOmitted=" + s.bodiesOmitted()
        + " bodiesWithheld=" + s.bodiesWithheld() + " failed=" + s.failed() + " pending=" + s.pending();
  }

  private static void onShutdown(Runnable action) {
    Runtime.getRuntime().addShutdownHook(new Thread(action, "examples-shutdown"));
  }

  private static int port(Map<String, String> options, int fallback) throws UsageException {
    String text = options.get("--port");
    if (text == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--port must be an integer from 0 to 65535, not '" + text + "'");
  }

  /**
   * Options after the command: {@code --name value}, {@code --name=value}, or a bare flag. Every
   * option at most once; nothing positional.
   */
  static Map<String, String> parse(String[] args, Set<String> valued, Set<String> flags)
      throws UsageException {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      @Nullable String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException(name + " needs a value");
          }
          value = args[++i];
        }
        if (value.isEmpty()) {
          throw new UsageException(name + " needs a non-empty value");
        }
      } else if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException(name + " takes no value");
        }
        value = "";
      } else {
        throw new UsageException(
            "unknown " + (arg.startsWith("-") ? "option" : "argument") + " '" + arg + "' for " + args[0]);
      }
      if (options.put(name, value) != null) {
        throw new UsageException(name + " given twice");
      }
    }
    return options;
  }

  /** A bad command line: reported with the usage text and exit code 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
