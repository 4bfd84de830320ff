package com.moesif.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/**
 * The direct read of Jersey's servlet request, on a real Jersey: under the servlet container it
 * must be the very request the injected proxy resolves to; anywhere else it must say "cannot"
 * (null), so the caller keeps the proxy.
 */
class JerseyServletRequestTest {
  private static final AtomicReference<Optional<HttpServletRequest>> DIRECT = new AtomicReference<>();
  private static final AtomicReference<String> SAME_REQUEST = new AtomicReference<>();

  @Path("/probe")
  public static class ProbeResource {
    @GET
    public String probe() {
      return "ok";
    }
  }

  /** Reads the request both ways and checks, through an attribute, that they are one object. */
  public static class ProbeFilter implements ContainerRequestFilter {
    @Context private HttpServletRequest proxy;

    @Override
    public void filter(ContainerRequestContext context) {
      HttpServletRequest direct = JerseyServletRequest.of(context);
      DIRECT.set(Optional.ofNullable(direct));
      if (direct != null) {
        Object token = new Object();
        direct.setAttribute("probe", token);
        SAME_REQUEST.set(
            (proxy.getAttribute("probe") == token) + " " + direct.getRemoteAddr() + " " + proxy.getRemoteAddr());
      }
    }
  }

  private static ResourceConfig app() {
    return new ResourceConfig(ProbeResource.class, ProbeFilter.class);
  }

  private static void get(URI uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void underJerseysServletContainerItIsTheRequestTheProxyResolvesTo() throws Exception {
    DIRECT.set(null);
    SAME_REQUEST.set(null);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new ServletContainer(app())), "/*");
    server.setHandler(context);
    server.start();
    try {
      get(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/probe"));
    } finally {
      server.stop();
    }
    assertThat(DIRECT.get()).isPresent();
    assertThat(SAME_REQUEST.get()).isEqualTo("true 127.0.0.1 127.0.0.1");
  }

  @Test
  void onGrizzlyThereIsNoServletRequestToRead() throws Exception {
    DIRECT.set(null);
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app(), false);
    server.start();
    try {
      get(URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/probe"));
    } finally {
      server.shutdownNow();
    }
    assertThat(DIRECT.get()).isEmpty();
  }

  @Test
  void anythingButJerseysRequestIsNotRead() {
    assertThat(JerseyServletRequest.of(new Object())).isNull();
    assertThat(JerseyServletRequest.of("a string")).isNull();
  }
}
