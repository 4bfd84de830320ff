package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Captures every call a servlet application serves and sends it to Moesif: synchronous, async
 * ({@code startAsync}, completion on another thread, timeouts, errors), streamed and non-blocking
 * alike, each exactly once, without changing what the application or the client see.
 *
 * <p>Register it first in the chain, for the {@code REQUEST} dispatcher (other dispatches pass
 * through), with async support on:
 *
 * <pre>{@code
 * FilterRegistration.Dynamic moesif = servletContext.addFilter("moesif", new MoesifFilter(
 *     MoesifConfig.builder().applicationId("your application id").build()));
 * moesif.setAsyncSupported(true);
 * moesif.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * or in {@code web.xml} with the no-argument constructor and init parameters named by the
 * configuration keys ({@code APPLICATION_ID}, {@code LOG_BODY}, ...), on top of {@code MOESIF_*}
 * environment variables and {@code moesif.*} system properties.
 *
 * <p>The SDK fails open: an error of its own is counted in {@link Moesif#stats()} and logged once,
 * and the call proceeds exactly as without it. Exceptions of the application are re-thrown
 * unchanged.
 */
public final class MoesifFilter implements Filter {
  private volatile @Nullable Moesif moesif;
  private final boolean owned;
  private final @Nullable Function<? super HttpServletRequest, ? extends @Nullable String> routes;

  /**
   * A filter that creates its own SDK from {@code config} and closes it in {@link #destroy()}.
   *
   * @param config the configuration
   */
  public MoesifFilter(MoesifConfig config) {
    this.moesif = Moesif.create(Objects.requireNonNull(config, "config"), "servlet");
    this.owned = true;
    this.routes = null;
  }

  /**
   * A filter using a shared SDK (e.g. one that the outgoing interceptors use too); the caller
   * closes it.
   *
   * @param moesif the SDK to capture with
   */
  public MoesifFilter(Moesif moesif) {
    this(moesif, null);
  }

  /**
   * As {@link #MoesifFilter(Moesif)}, for a framework running on servlets that knows route
   * templates: {@code routes} names the template that serves a request ({@code /users/{id}}), or
   * null, and is what {@code CapturedRequest.route()} reports to the hooks. It is called lazily,
   * only when a hook asks, on the request's thread or the one completing it; an exception it throws
   * counts as no route.
   *
   * @param moesif the SDK to capture with; the caller closes it
   * @param routes the route template serving a request, or null for none
   */
  public MoesifFilter(
      Moesif moesif, @Nullable Function<? super HttpServletRequest, ? extends @Nullable String> routes) {
    this.moesif = Objects.requireNonNull(moesif, "moesif");
    this.owned = false;
    this.routes = routes;
  }

  /**
   * For {@code web.xml} and containers that instantiate filters: {@link #init(FilterConfig)}
   * configures the SDK from {@code MOESIF_*} environment variables, {@code moesif.*} system
   * properties and then the filter's init parameters, and {@link #destroy()} closes it.
   */
  public MoesifFilter() {
    this.owned = true;
    this.routes = null;
  }

  /**
   * The SDK this filter captures with.
   *
   * @return the SDK
   * @throws IllegalStateException before {@link #init(FilterConfig)} for the no-argument filter
   */
  public Moesif moesif() {
    Moesif m = moesif;
    if (m == null) {
      throw new IllegalStateException("MoesifFilter: not initialised yet (init(FilterConfig) configures it)");
    }
    return m;
  }

  /**
   * @throws ServletException when the no-argument filter's configuration is invalid (the message
   *     names the key, the value and the expected form)
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    if (moesif != null) {
      return; // configured in Java
    }
    Map<String, String> params = new LinkedHashMap<>();
    Enumeration<String> names = filterConfig.getInitParameterNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      params.put(name, filterConfig.getInitParameter(name));
    }
    MoesifConfig config;
    try {
      config = MoesifConfig.builder().applyEnvironment().apply(params).build();
    } catch (IllegalArgumentException e) {
      throw new ServletException(
          "MoesifFilter '" + filterConfig.getFilterName() + "': " + e.getMessage(), e);
    }
    moesif = Moesif.create(config, "servlet");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Moesif sdk = moesif;
    ServletRequestView view = null;
    ServletCall capture = null;
    if (sdk != null
        && request instanceof HttpServletRequest httpRequest
        && response instanceof HttpServletResponse httpResponse) {
      CaptureEngine engine = sdk.captureEngine();
      try {
        if (request.getDispatcherType() == DispatcherType.REQUEST
            && request.getAttribute(Exchange.ATTRIBUTE) == null) {
          view = new ServletRequestView(httpRequest, routes);
          capture = ServletCall.start(engine, view, httpRequest, httpResponse);
        }
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("servlet-start", e);
        capture = null;
      }
    }
    if (capture == null) {
      // Not captured: re-entries through another dispatcher (async, error, forward, include), a
      // call another Moesif filter already captures, calls the engine passes, SDK failures.
      chain.doFilter(ServletCall.replaying(request, view), response);
      return;
    }
    BlockResponse block = capture.block();
    if (block != null) {
      capture.answerBlocked(block);
      return;
    }
    Throwable failure = null;
    try {
      chain.doFilter(capture.request(), capture.response());
    } catch (Throwable t) {
      // Every throwable, sneaky checked ones included; re-thrown as the very same instance.
      failure = t;
      throw t;
    } finally {
      capture.afterChain(failure);
    }
  }

  /** Closes the SDK if this filter created it, delivering what is queued within its shutdown timeout. */
  @Override
  public void destroy() {
    Moesif m = moesif;
    if (owned && m != null) {
      m.close();
    }
  }
}
