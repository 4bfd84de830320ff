package com.moesif.examples;

import com.moesif.core.Moesif;
import com.moesif.servlet.MoesifFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/** The example API as a plain servlet on embedded Jetty 12 (ee10), wrapped by {@link MoesifFilter}. */
final class ServletExampleServer implements ExampleServer {
  private @Nullable Server server;

  @Override
  public synchronized int start(int port, @Nullable Moesif moesif) throws Exception {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    if (moesif != null) {
      // Shared SDK: the caller flushes and closes it. ASYNC too, so calls finished through an
      // AsyncContext dispatch are still captured once, when they complete.
      FilterHolder filter = new FilterHolder(new MoesifFilter(moesif));
      filter.setName("moesif");
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }
    ServletHolder servlet = new ServletHolder("example", new ExampleServlet(OutgoingClients.create(moesif)));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    jetty.setHandler(context);

    try {
      jetty.start();
    } catch (Exception e) {
      jetty.stop();
      throw e;
    }
    server = jetty;
    return connector.getLocalPort();
  }

  @Override
  public synchronized void stop() throws Exception {
    Server jetty = server;
    server = null;
    if (jetty != null) {
      jetty.stop();
    }
  }
}
