package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.CaptureEngine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * {@link ServerCapture} for applications that have the servlet API: under a servlet runtime the
 * peer address comes from the injected {@link HttpServletRequest}, the only portable way to it.
 * Loaded only when the servlet API is on the class path, so it stays optional.
 *
 * <p>{@code @PreMatching} again: the annotation is not inherited, and without it the runtime
 * would run the request filter only after a resource matched (no 404s, no 405s).
 */
@PreMatching
final class ServletServerCapture extends ServerCapture {
  /** A proxy for the current request under a servlet runtime; null elsewhere (Jersey on Grizzly, ...). */
  @Context private @Nullable HttpServletRequest servletRequest;

  ServletServerCapture(CaptureEngine engine) {
    super(engine);
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
