package com.moesif.benchmarks.load;

import com.moesif.examples.ExampleServlet;
import com.moesif.examples.OutgoingClients;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.zalando.logbook.core.DefaultSink;
import org.zalando.logbook.Logbook;
import org.zalando.logbook.core.StreamHttpLogWriter;
import org.zalando.logbook.json.JsonHttpLogFormatter;
import org.zalando.logbook.servlet.LogbookFilter;

/**
 * The examples' {@link ExampleServlet} on embedded Jetty 12 (ee10), exactly as {@code serve
 * --framework servlet} hosts it, but behind a peer's filter instead of ours, for the load
 * harness's side-by-side table:
 *
 * <pre>
 * java -cp benchmarks.jar com.moesif.benchmarks.load.PeerServer --peer moesif|logbook --port P [--base-uri URL]
 * </pre>
 *
 * <ul>
 *   <li>{@code moesif}: the official Moesif servlet filter ({@code com.moesif.servlet:
 *       moesif-servlet-jakarta}), shipping to {@code --base-uri} (the local collector; its API
 *       client has no per-instance base URI, so the static {@code Configuration.BaseUri} is set
 *       before the filter is made).
 *   <li>{@code logbook}: Zalando Logbook's servlet filter with an active JSON sink ({@code
 *       JsonHttpLogFormatter}) writing to a discarding stream: every request and response is
 *       buffered and formatted, and the output thrown away.
 * </ul>
 *
 * Prints {@code <peer> peer listening on http://127.0.0.1:PORT} once ready, serves until killed.
 */
public final class PeerServer {
  private PeerServer() {}

  public static void main(String[] args) throws Exception {
    String peer = null;
    int port = 0;
    String baseUri = "http://127.0.0.1:9500";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--peer" -> peer = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--base-uri" -> baseUri = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (peer == null) {
      throw new IllegalArgumentException("usage: PeerServer --peer moesif|logbook [--port P] [--base-uri URL]");
    }
    Filter filter = filter(peer, baseUri);

    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder holder = new FilterHolder(filter);
    holder.setName(peer);
    holder.setAsyncSupported(true);
    // As ServletExampleServer registers ours: REQUEST and ASYNC.
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    // The clients behind GET /outgoing, not captured (the load runs never call it).
    ServletHolder servlet = new ServletHolder("example", new ExampleServlet(OutgoingClients.create(null)));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    jetty.setHandler(context);
    jetty.start();
    System.out.println(peer + " peer listening on http://127.0.0.1:" + connector.getLocalPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        jetty.stop(); // destroys the filter: the official SDK then sends what it still holds
      } catch (Exception e) {
        System.err.println("error stopping: " + e);
      }
    }, "peer-shutdown"));
    new CountDownLatch(1).await();
  }

  private static Filter filter(String peer, String baseUri) {
    switch (peer) {
      case "moesif":
        com.moesif.api.Configuration.BaseUri = baseUri;
        return new com.moesif.servlet.MoesifFilter("local-demo-app");
      case "logbook":
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Logbook logbook =
            Logbook.builder()
                .sink(new DefaultSink(new JsonHttpLogFormatter(), new StreamHttpLogWriter(discard)))
                .build();
        return new LogbookFilter(logbook);
      default:
        throw new IllegalArgumentException("unknown peer '" + peer + "': moesif or logbook");
    }
  }
}
