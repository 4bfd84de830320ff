package com.moesif.servlet;

import com.moesif.core.testkit.ServerHandle;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * Embedded Jetty 12 (ee10) and Tomcat 10.1 on 127.0.0.1 and a free port, serving one servlet at
 * {@code /*} behind the given filters (in order, mapped for the REQUEST, ASYNC and ERROR
 * dispatchers so the filter's pass-through of re-entries is exercised too).
 */
enum TestServers {
  JETTY {
    @Override
    ServerHandle start(Servlet servlet, List<FilterSpec> filters) throws Exception {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server, 1, 1);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      for (FilterSpec filter : filters) {
        FilterHolder holder = filter.instance() != null ? new FilterHolder(filter.instance()) : new FilterHolder(filter.type());
        holder.setInitParameters(filter.initParams());
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
      }
      ServletHolder holder = new ServletHolder(servlet);
      holder.setAsyncSupported(true);
      context.addServlet(holder, "/*");
      server.setHandler(context);
      try {
        server.start();
      } catch (Exception e) {
        server.stop();
        throw e;
      }
      URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
      return handle(base, server::stop);
    }
  },
  TOMCAT {
    @Override
    ServerHandle start(Servlet servlet, List<FilterSpec> filters) throws Exception {
      Path baseDir = Files.createTempDirectory("moesif-tomcat");
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toString());
      Connector connector = new Connector("HTTP/1.1");
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", null);
      Wrapper wrapper = Tomcat.addServlet(context, "scenario", servlet);
      wrapper.setAsyncSupported(true);
      context.addServletMappingDecoded("/*", "scenario");
      int i = 0;
      for (FilterSpec filter : filters) {
        FilterDef def = new FilterDef();
        def.setFilterName("filter-" + i++);
        if (filter.instance() != null) {
          def.setFilter(filter.instance());
        } else {
          def.setFilterClass(filter.type().getName());
        }
        filter.initParams().forEach(def::addInitParameter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(def.getFilterName());
        map.addURLPatternDecoded("/*");
        map.setDispatcher(DispatcherType.REQUEST.name());
        map.setDispatcher(DispatcherType.ASYNC.name());
        map.setDispatcher(DispatcherType.ERROR.name());
        context.addFilterMap(map);
      }
      try {
        tomcat.start();
        // Tomcat logs a failed context start (e.g. a filter's init threw) instead of throwing.
        if (context.getState() != LifecycleState.STARTED) {
          throw new IllegalStateException("the Tomcat context did not start: " + context.getState());
        }
      } catch (Exception e) {
        stopTomcat(tomcat, baseDir);
        throw e;
      }
      URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
      return handle(base, () -> stopTomcat(tomcat, baseDir));
    }
  };

  /** Tomcat logs through JUL at INFO by default; keep test output to warnings (strong reference: JUL holds loggers weakly). */
  private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

  static {
    TOMCAT_LOG.setLevel(Level.WARNING);
  }

  /** A filter to install: an instance, or a class the container instantiates with init parameters. */
  record FilterSpec(@Nullable Filter instance, Class<? extends Filter> type, Map<String, String> initParams) {
    static FilterSpec of(Filter filter) {
      return new FilterSpec(filter, filter.getClass(), Map.of());
    }
  }

  abstract ServerHandle start(Servlet servlet, List<FilterSpec> filters) throws Exception;

  /** The scenario servlet behind the given filter instances. */
  ServerHandle start(Filter... filters) throws Exception {
    return start(new ScenarioServlet(), Stream.of(filters).map(FilterSpec::of).toList());
  }

  /** The scenario servlet behind a container-instantiated filter with these init parameters. */
  ServerHandle startWithInitParams(Class<? extends Filter> filterClass, Map<String, String> initParams) throws Exception {
    return start(new ScenarioServlet(), List.of(new FilterSpec(null, filterClass, initParams)));
  }

  interface Stopper {
    void stop() throws Exception;
  }

  private static ServerHandle handle(URI base, Stopper stopper) {
    return new ServerHandle() {
      @Override
      public URI baseUri() {
        return base;
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

  private static void stopTomcat(Tomcat tomcat, Path baseDir) throws Exception {
    try {
      tomcat.stop();
      tomcat.destroy();
    } finally {
      deleteRecursively(baseDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
