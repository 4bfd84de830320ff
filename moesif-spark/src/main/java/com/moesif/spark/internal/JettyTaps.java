package com.moesif.spark.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.servlet.http.HttpServletRequest;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpOutput;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Jetty;
import org.jspecify.annotations.Nullable;

/**
 * Taps Jetty 9 for one call, below everything Spark and the application do with the servlet
 * request and response. Spark's embedded server hands Jetty's own response (and its request,
 * wrapped) to Spark, which writes the route's result, {@code halt} bodies and the 404 page to that
 * response's {@link HttpOutput}, as does a route streaming through {@code
 * response.raw().getOutputStream()}; Jetty's form parsing and Spark's body cache read its request's
 * {@code HttpInput}. Three per-request hooks of Jetty's public API, all reset by Jetty before the
 * connection's next request:
 *
 * <ul>
 *   <li>an output interceptor (as Jetty's {@code GzipHandler} uses) copies the response bytes;
 *   <li>an input interceptor copies the request bytes as they are read;
 *   <li>a request log of this request's channel ends the call: Jetty calls it once the response is
 *       complete, however it completed (written by Spark, by Jetty after {@code sendError}, or
 *       aborted because the client went away).
 * </ul>
 *
 * <p>Referencing this class loads Jetty's classes: callers catch {@link LinkageError}.
 */
final class JettyTaps {
  private JettyTaps() {}

  /** True when {@code raw} is served by Jetty and the taps are in place. */
  static boolean install(HttpServletRequest raw, SparkCall call) {
    Request base = Request.getBaseRequest(raw);
    HttpChannel channel = base == null ? null : base.getHttpChannel();
    if (channel == null || base.getResponse() == null) {
      return false;
    }
    HttpOutput output = base.getResponse().getHttpOutput();
    output.setInterceptor(new TeeOutputInterceptor(output.getInterceptor(), call, call.exchange().responseBody()));
    if (call.exchange().requestBody().isEnabled()) {
      base.getHttpInput().addInterceptor(new TeeInputInterceptor(call, call.exchange().requestBody()));
    }
    channel.addRequestLog((request, response) -> call.end());
    return true;
  }

  /**
   * The {@code Server} header Jetty's generator writes as it sends the response head (it is never
   * among the response's fields), or null when the connector does not send one.
   */
  static @Nullable String serverHeader(HttpServletRequest raw) {
    Request base = Request.getBaseRequest(raw);
    HttpChannel channel = base == null ? null : base.getHttpChannel();
    if (channel == null || !channel.getHttpConfiguration().getSendServerVersion()) {
      return null;
    }
    return "Jetty(" + Jetty.VERSION + ")";
  }

  /**
   * The IP literal of the connection's peer, or null when {@code raw} is not Jetty's. Spark trusts
   * {@code X-Forwarded-For} by default ({@code trustForwardHeaders}): Jetty then reports the
   * header's first value, unchecked, as {@code getRemoteAddr()}. The engine resolves forwarded
   * headers itself, with validation, and needs the socket's address to fall back on.
   */
  static @Nullable String socketPeer(HttpServletRequest raw) {
    Request base = Request.getBaseRequest(raw);
    HttpChannel channel = base == null ? null : base.getHttpChannel();
    InetSocketAddress peer = channel == null ? null : channel.getRemoteAddress();
    if (peer == null) {
      return null;
    }
    InetAddress address = peer.getAddress();
    return address != null ? address.getHostAddress() : null;
  }
}
