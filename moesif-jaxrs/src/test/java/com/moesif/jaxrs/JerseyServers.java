package com.moesif.jaxrs;

import com.moesif.core.testkit.ServerHandle;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.ws.rs.core.Configuration;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jspecify.annotations.Nullable;

/** Jersey applications on 127.0.0.1 and a free port: on Grizzly, or in a servlet on Jetty 12 (ee10). */
final class JerseyServers {
  static {
    QuietJul.apply();
  }

  private JerseyServers() {}

  /** A running Jersey application. */
  interface Running extends ServerHandle {
    /** The runtime's configuration, with what features registered and set. */
    Configuration configuration();
  }

  /**
   * The scenario application with {@code providers}. Jersey buffers responses up to 8 KiB to set
   * {@code Content-Length}, and a flush inside that buffer does not reach the client, with or
   * without the SDK: an application that streams turns the buffer off, as here.
   */
  static ResourceConfig scenarioApp(Object... providers) {
    ResourceConfig app = new ResourceConfig(ScenarioResource.class);
    configure(app);
    for (Object provider : providers) {
      app.register(provider);
    }
    return app;
  }

  /** The settings every test application gets: streaming on (see {@link #scenarioApp}), no WADL. */
  static ResourceConfig configure(ResourceConfig app) {
    return app.property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0)
        .property(ServerProperties.WADL_FEATURE_DISABLE, true);
  }

  /** {@code app} on Jersey's Grizzly container. */
  static Running grizzly(ResourceConfig app) {
    GrizzlyHttpContainer container = ContainerFactory.createContainer(GrizzlyHttpContainer.class, app);
    HttpServer server =
        GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), container, false, null, false);
    try {
      server.start();
    } catch (Exception e) {
      server.shutdownNow();
      throw new IllegalStateException("could not start Grizzly", e);
    }
    int port = server.getListeners().iterator().next().getPort();
    return running(URI.create("http://127.0.0.1:" + port), container::getConfiguration, server::shutdownNow);
  }

  /** {@code app} in Jersey's servlet container on Jetty at {@code /*}, behind {@code filter} when given. */
  static Running jetty(ResourceConfig app, @Nullable Filter filter) throws Exception {
    return jetty(app, filter, "/*");
  }

  /** As {@link #jetty(ResourceConfig, Filter)}, with the Jersey servlet mapped at {@code pathSpec}. */
  static Running jetty(ResourceConfig app, @Nullable Filter filter, String pathSpec) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    if (filter != null) {
      FilterHolder holder = new FilterHolder(filter);
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    }
    ServletContainer jersey = new ServletContainer(app);
    ServletHolder holder = new ServletHolder(jersey);
    holder.setAsyncSupported(true);
    holder.setInitOrder(0); // initialise at start, so the configuration is there before a request
    context.addServlet(holder, pathSpec);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return running(URI.create("http://127.0.0.1:" + connector.getLocalPort()), jersey::getConfiguration, server::stop);
  }

  interface Stopper {
    void stop() throws Exception;
  }

  private static Running running(URI base, java.util.function.Supplier<Configuration> configuration, Stopper stopper) {
    return new Running() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public Configuration configuration() {
        return configuration.get();
      }

      @Override
      public void close() {
        try {
          stopper.stop();
        } catch (Exception e) {
          throw new IllegalStateException("could not stop the server", e);
        }
      }
    };
  }
}
