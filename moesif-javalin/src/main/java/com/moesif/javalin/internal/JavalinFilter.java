package com.moesif.javalin.internal;

import com.moesif.core.Moesif;
import com.moesif.servlet.MoesifFilter;
import io.javalin.config.JavalinState;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;

/**
 * The servlet filter {@code MoesifPlugin} puts in front of Javalin's servlet: the servlet
 * adapter's {@link MoesifFilter} (which owns all stream plumbing, async completion, governance
 * blocking and the double-capture guard) with Javalin's route templates, minus WebSocket upgrades.
 * Internal: not part of the public API.
 */
public final class JavalinFilter implements Filter {
  /** The header Javalin itself tells WebSocket upgrades apart by. */
  private static final String WEBSOCKET_VERSION = "Sec-WebSocket-Version";

  private final MoesifFilter delegate;

  JavalinFilter(MoesifFilter delegate) {
    this.delegate = delegate;
  }

  /**
   * Adds the filter to Javalin's servlet context ahead of every other filter, so what those
   * filters answer (an authentication filter's 401, say) is captured too. Mapped for the REQUEST
   * dispatcher only, with async support, which Javalin's {@code ctx.future} needs.
   */
  public static void install(ServletContextHandler context, Moesif moesif, JavalinState state) {
    FilterHolder holder = new FilterHolder(new JavalinFilter(new MoesifFilter(moesif, new RouteLookup(state))));
    holder.setName("moesif");
    holder.setAsyncSupported(true);
    FilterMapping mapping = new FilterMapping();
    mapping.setFilterName(holder.getName());
    mapping.setPathSpec("/*");
    mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
    ServletHandler servlets = context.getServletHandler();
    servlets.prependFilter(holder);
    servlets.prependFilterMapping(mapping);
  }

  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    delegate.init(filterConfig);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // A WebSocket upgrade is not an API call with a response body: Javalin hands it to Jetty's
    // upgrade machinery, which wants the container's own request and response.
    if (request instanceof HttpServletRequest http && http.getHeader(WEBSOCKET_VERSION) != null) {
      chain.doFilter(request, response);
      return;
    }
    delegate.doFilter(request, response, chain);
  }

  /** The SDK's lifecycle is the plugin's: the delegate was given a shared SDK and closes nothing. */
  @Override
  public void destroy() {
    delegate.destroy();
  }
}
