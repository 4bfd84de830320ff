package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.TeeInputStream;
import com.moesif.core.adapter.TeeOutputStream;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server side: one provider in three roles, registered by the features at the extreme
 * priority so that it sees the request first, the response last and writes nearest the wire.
 *
 * <ul>
 *   <li>Pre-matching request filter: starts the exchange (so 404s, 405s and calls that other
 *       filters abort are captured too), tees the entity stream, answers governance blocks with
 *       {@code abortWith}.
 *   <li>Response filter: runs for every response the runtime writes, mapped exceptions and
 *       aborts included; puts the transaction id and governance headers on it, records the route,
 *       and ends the exchange when there is no entity.
 *   <li>Writer interceptor: the outermost, so its tee is closest to the connection and copies the
 *       bytes as sent (after any encoding interceptor), unbuffered; ends the exchange once the
 *       entity is written, or failed to write.
 * </ul>
 *
 * The SDK fails open: an error of its own is reported to the engine and the call proceeds as
 * without it. Exceptions of the application pass through unchanged.
 */
@PreMatching
class ServerFilter implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {
  /**
   * Lowest first for request filters and writer interceptors, and, as response filters run in
   * descending order, last for the response filter.
   */
  static final int PRIORITY = Integer.MIN_VALUE;

  private final CaptureEngine engine;
  /** Injected by the runtime (a proxy for the current request); null where it is not. */
  @Context private @Nullable ResourceInfo resourceInfo;

  ServerFilter(CaptureEngine engine) {
    this.engine = engine;
  }

  /** Contracts and priorities to register this provider with. */
  Map<Class<?>, Integer> contracts() {
    return Map.of(
        ContainerRequestFilter.class, PRIORITY,
        ContainerResponseFilter.class, PRIORITY,
        WriterInterceptor.class, PRIORITY);
  }

  /**
   * The IP of the socket peer when the runtime can tell; Jakarta REST itself has no API for it.
   * Called on the request's thread.
   */
  @Nullable String peerAddress(ContainerRequestContext request) {
    return null;
  }

  /**
   * The headers of the container the runtime runs in, read when the call ends, or null when it
   * has none of its own to add. Called on the request's thread.
   */
  ContainerResponseView.@Nullable ContainerHeaders containerHeaders(ContainerRequestContext request) {
    return null;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getProperty(Exchange.ATTRIBUTE) != null) {
      return; // another adapter (MoesifFilter under a servlet runtime) owns this call
    }
    ContainerRequestView view = null;
    try {
      view = new ContainerRequestView(request, this);
      Exchange exchange = engine.startIncoming(view);
      if (exchange == null) {
        if (view.peeked()) {
          request.setEntityStream(view.body()); // the engine failed after a governance peek
        }
        return;
      }
      request.setProperty(ServerCall.PROPERTY, new ServerCall(exchange, view, containerHeaders(request)));
      request.setProperty(Exchange.ATTRIBUTE, exchange);
      BodyCapture body = exchange.requestBody();
      if (body.isEnabled()) {
        request.setEntityStream(new TeeInputStream(view.body(), body));
      } else if (view.peeked()) {
        request.setEntityStream(view.body());
      }
      BlockResponse block = exchange.block();
      if (block != null) {
        request.abortWith(blocked(block));
      }
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("jaxrs-request", e);
      try {
        request.removeProperty(ServerCall.PROPERTY);
        request.removeProperty(Exchange.ATTRIBUTE);
        if (view != null && view.peeked()) {
          request.setEntityStream(view.body());
        }
      } catch (RuntimeException ignored) {
        // already reported; the call proceeds as without the SDK
      }
    }
  }

  /** The governance rule's answer: its status, its headers in order and its body. */
  private static Response blocked(BlockResponse block) {
    Response.ResponseBuilder response = Response.status(block.status());
    for (Map.Entry<String, String> header : block.headers()) {
      response.header(header.getKey(), header.getValue());
    }
    return response.entity(block.body()).build();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(ServerCall.PROPERTY) instanceof ServerCall exchange)) {
      return;
    }
    boolean hasEntity = true;
    try {
      hasEntity = response.hasEntity();
      exchange.respond(response);
      UriInfo uri = request.getUriInfo();
      // Jersey's UriInfo is its routing context, which is also the request's ResourceInfo: read
      // directly, it spares the request thread the injected proxy's per-request HK2 lookup.
      // Other runtimes use the proxy.
      ResourceInfo resource = uri instanceof ResourceInfo direct ? direct : resourceInfo;
      exchange.request().matched(RouteTemplates.match(resource, uri));
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("jaxrs-response", e);
    }
    if (!hasEntity) {
      exchange.end(null); // no entity, so no writer interceptor call: the response is final now
    }
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (!(context.getProperty(ServerCall.PROPERTY) instanceof ServerCall exchange) || exchange.isEnded()) {
      context.proceed();
      return;
    }
    BodyCapture body = exchange.exchange().responseBody();
    // A HEAD response's entity is written only to measure it, then dropped: the client gets none.
    if (body.isEnabled() && !exchange.request().isHead()) {
      try {
        context.setOutputStream(new TeeOutputStream(context.getOutputStream(), body));
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("jaxrs-writer", e);
      }
    }
    try {
      context.proceed();
    } catch (Throwable t) {
      // The runtime may still map this to another response if nothing was sent yet; that one is
      // not captured (documented): the event reports this failure, as the client may have seen
      // part of this body already.
      exchange.end(t);
      throw t;
    }
    exchange.end(null);
  }
}
