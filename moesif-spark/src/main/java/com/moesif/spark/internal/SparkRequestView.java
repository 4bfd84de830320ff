package com.moesif.spark.internal;

import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.ReplayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import spark.Request;
import spark.RouteImpl;
import spark.embeddedserver.jetty.HttpRequestWrapper;
import spark.route.HttpMethod;
import spark.route.Routes;
import spark.routematch.RouteMatch;

/** The engine's getters over the servlet request under Spark's. */
final class SparkRequestView implements HttpRequestView {
  private final SparkFilters capture;
  private final Request request;
  private final HttpServletRequest raw;
  private final Supplier<List<RouteMatch>> routes;
  private @Nullable String route;
  private boolean routeResolved;
  private byte @Nullable [] peeked;

  SparkRequestView(SparkFilters capture, Request request, HttpServletRequest raw, Supplier<List<RouteMatch>> routes) {
    this.capture = capture;
    this.request = request;
    this.raw = raw;
    this.routes = routes;
  }

  @Override
  public String method() {
    return raw.getMethod().toUpperCase(Locale.ROOT);
  }

  @Override
  public String url() {
    StringBuffer url = raw.getRequestURL();
    String query = raw.getQueryString();
    if (query != null) {
      url.append('?').append(query);
    }
    return url.toString();
  }

  /** The connection's peer; not {@code getRemoteAddr()}, which Spark lets X-Forwarded-For forge. */
  @Override
  public @Nullable String remoteAddress() {
    String peer = capture.socketPeer(raw);
    return peer != null ? peer : raw.getRemoteAddr();
  }

  @Override
  public @Nullable String header(String name) {
    return raw.getHeader(name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Enumeration<String> names = raw.getHeaderNames();
    if (names == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        continue; // a repeated name would duplicate every value
      }
      Enumeration<String> values = raw.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        action.accept(name, values.nextElement());
      }
    }
  }

  /**
   * The path pattern of the route Spark serves this request with ({@code /users/:id}), asked of
   * Spark's own matcher. Filters cannot learn it from Spark: {@code request.matchedPath()} in a
   * filter is the filter's pattern. So the routes Spark lists publicly are matched here the way
   * Spark's {@code MatcherFilter} does (method, with {@code X-HTTP-Method-Override}; path; {@code
   * Accept}; HEAD served by GET). Costs a pass over the routes, paid only when a hook asks.
   */
  @Override
  public @Nullable String route() {
    if (!routeResolved) {
      routeResolved = true;
      route = findRoute();
    }
    return route;
  }

  private @Nullable String findRoute() {
    String override = raw.getHeader("X-HTTP-Method-Override");
    HttpMethod method = HttpMethod.get((override != null ? override : raw.getMethod()).toLowerCase(Locale.ROOT));
    if (method == null) {
      return null;
    }
    Routes matcher = Routes.create();
    for (RouteMatch entry : routes.get()) {
      if (entry.getTarget() instanceof RouteImpl target && entry.getHttpMethod() != null) {
        matcher.add(entry.getHttpMethod(), target);
      }
    }
    String path = raw.getRequestURI();
    String accept = raw.getHeader("Accept");
    RouteMatch match = matcher.find(method, path, accept);
    if (match == null && method == HttpMethod.head) {
      match = matcher.find(HttpMethod.get, path, accept);
    }
    return match == null ? null : match.getMatchUri();
  }

  /**
   * Reads the body ahead for governance rules on body fields, only where Spark caches it anyway:
   * its embedded server wraps the request in {@link HttpRequestWrapper}, which keeps the whole body
   * on the first read for {@code request.body()} and later reads. The peek goes through that cache,
   * and only for a body whose declared length is within {@code limit}, so nothing is buffered beyond
   * the limit that the application would not have buffered itself. Not for form and multipart
   * bodies (Jetty parses those for {@code queryParams} from its own stream, which the cache would
   * have drained), nor chunked ones (Spark does not cache them).
   */
  @Override
  public byte @Nullable [] peekBody(int limit) {
    if (peeked != null) {
      return peeked;
    }
    if (!(raw instanceof HttpRequestWrapper)) {
      return null;
    }
    if (!ReplayInputStream.mayPeek(raw.getContentType())) {
      return null;
    }
    long length = raw.getContentLengthLong();
    if (length < 0 || length > limit || raw.getHeader("Transfer-Encoding") != null) {
      return null;
    }
    try {
      InputStream in = raw.getInputStream();
      peeked = in.readNBytes(limit);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return peeked;
  }

  /** The body as governance read it ahead, or null. */
  byte @Nullable [] peeked() {
    return peeked;
  }

  /** Spark's request (its {@code raw()} is the servlet request). */
  @Override
  public Object nativeRequest() {
    return request;
  }
}
