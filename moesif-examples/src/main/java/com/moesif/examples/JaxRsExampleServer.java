package com.moesif.examples;

import com.moesif.core.Moesif;
import com.moesif.jaxrs.MoesifFeature;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jspecify.annotations.Nullable;

/**
 * The example API as a Jakarta REST resource ({@link ExampleResource}) on Jersey 3.1, in Jersey's
 * servlet container on embedded Jetty 12 (ee10), captured by {@link MoesifFeature}.
 */
final class JaxRsExampleServer implements ExampleServer {
  /**
   * Jersey warns through JUL at every start that optional providers (activation, JAXB) are absent;
   * this example needs neither. A strong reference: JUL holds loggers weakly.
   */
  private static final Logger OPTIONAL_PROVIDERS =
      Logger.getLogger("org.glassfish.jersey.message.internal.MessagingBinders");

  static {
    OPTIONAL_PROVIDERS.setLevel(Level.SEVERE);
  }

  private @Nullable Server server;

  @Override
  public synchronized int start(int port, @Nullable Moesif moesif) throws Exception {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    ResourceConfig app =
        new ResourceConfig(ExampleResource.class)
            .register(new ExampleResource.FailureMapper())
            .register(ExampleResource.NotFoundMapper.class)
            .register(ExampleResource.NotAllowedMapper.class)
            // Jersey holds up to 8 KiB of a response back to compute its length, flushes
            // included: /stream would arrive in one piece. Off, every flush reaches the client.
            .property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0)
            .property(ServerProperties.WADL_FEATURE_DISABLE, true)
            .property(ExampleResource.OUTGOING_CLIENT, OutgoingClients.create(moesif));
    if (moesif != null) {
      app.register(new MoesifFeature(moesif)); // shared SDK: the caller flushes and closes it
    }

    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder jersey = new ServletHolder("jersey", new ServletContainer(app));
    jersey.setAsyncSupported(true);
    jersey.setInitOrder(0);
    context.addServlet(jersey, "/*");
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
