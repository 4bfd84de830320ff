package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.CaptureEngine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link ServerFilter} for applications that have the servlet API: under a servlet runtime the
 * peer address comes from the injected {@link HttpServletRequest}, the only portable way to it,
 * and the container's own response headers ({@code Date}, {@code Server}) from the injected {@link
 * HttpServletResponse}.
 * Loaded only when the servlet API is on the class path, so it stays optional.
 *
 * <p>{@code @PreMatching} again: the annotation is not inherited, and without it the runtime
 * would run the request filter only after a resource matched (no 404s, no 405s).
 */
@PreMatching
final class ServletServerFilter extends ServerFilter {
  /** A proxy for the current request under a servlet runtime; null elsewhere (Jersey on Grizzly, ...). */
  @Context private @Nullable HttpServletRequest servletRequest;
  /** As {@link #servletRequest}, for the response; read only when a call ends. */
  @Context private @Nullable HttpServletResponse servletResponse;

  ServletServerFilter(CaptureEngine engine) {
    super(engine);
  }

  @Override
  ContainerResponseView.@Nullable ContainerHeaders containerHeaders(ContainerRequestContext context) {
    HttpServletResponse response = servletResponse;
    return response == null ? null : new ServletHeaders(response);
  }

  /**
   * The servlet response's headers; outside the request's scope (a proxy that cannot resolve)
   * there are none.
   */
  private record ServletHeaders(HttpServletResponse response) implements ContainerResponseView.ContainerHeaders {
    @Override
    public @Nullable String header(String name) {
      try {
        return response.getHeader(name);
      } catch (RuntimeException outsideTheRequestScope) {
        return null;
      }
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      Collection<String> names;
      try {
        names = response.getHeaderNames();
      } catch (RuntimeException outsideTheRequestScope) {
        return;
      }
      // A container may list a name once per value: each name's values are read once.
      Set<String> seen = new HashSet<>();
      for (String name : names) {
        if (name != null && seen.add(name.toLowerCase(Locale.ROOT))) {
          Collection<String> values = response.getHeaders(name);
          if (values != null) {
            for (String value : values) {
              action.accept(name, value);
            }
          }
        }
      }
    }
  }

  @Override
  @Nullable String peerAddress(ContainerRequestContext context) {
    // Jersey's own request holds the servlet request: read directly, it spares the proxy's
    // per-request HK2 lookup (see JerseyServletRequest).
    HttpServletRequest request = JerseyServletRequest.of(context);
    if (request == null) {
      request = servletRequest;
    }
    if (request == null) {
      return null;
    }
    try {
      return request.getRemoteAddr();
    } catch (RuntimeException outsideTheRequestScope) {
      return null;
    }
  }
}
