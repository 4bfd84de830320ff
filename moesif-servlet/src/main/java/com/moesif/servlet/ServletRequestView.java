package com.moesif.servlet;

import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.ReplayInputStream;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The engine's getters over the container's request (the original, not our wrapper). */
final class ServletRequestView implements HttpRequestView {
  private final HttpServletRequest request;
  private final @Nullable Function<? super HttpServletRequest, ? extends @Nullable String> routes;
  /** Set when governance read the body ahead; the application then reads through it. */
  private @Nullable ReplayServletInputStream replay;

  ServletRequestView(
      HttpServletRequest request,
      @Nullable Function<? super HttpServletRequest, ? extends @Nullable String> routes) {
    this.request = request;
    this.routes = routes;
  }

  @Override
  public String method() {
    return request.getMethod().toUpperCase(Locale.ROOT);
  }

  @Override
  public String url() {
    JettyAccessors jetty = JettyAccessors.request(request);
    if (jetty != null) {
      return jetty.url(request);
    }
    StringBuffer url = request.getRequestURL();
    String query = request.getQueryString();
    if (query != null) {
      url.append('?').append(query);
    }
    return url.toString();
  }

  /** The framework's template when the filter was given a way to find it; servlets know none. */
  @Override
  public @Nullable String route() {
    if (routes == null) {
      return null;
    }
    try {
      return routes.apply(request);
    } catch (RuntimeException | LinkageError e) {
      return null; // the route is an extra: without it the event is still whole
    }
  }

  @Override
  public @Nullable String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public @Nullable String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Enumeration<String> names = request.getHeaderNames();
    if (names == null) {
      return; // allowed by the spec when the container refuses header access
    }
    // Containers list each name once, but nothing in the spec promises it; a repeat would
    // duplicate every value of that header.
    SeenHeaderNames seen = new SeenHeaderNames(8);
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (!seen.add(name)) {
        continue;
      }
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        action.accept(name, values.nextElement());
      }
    }
  }

  /**
   * Reads the body ahead for governance rules on body fields. Not for form and multipart bodies:
   * containers parse those for {@code getParameter*()}/{@code getParts()} from their own stream,
   * which a peek would have drained.
   */
  @Override
  public byte @Nullable [] peekBody(int limit) {
    if (replay != null) {
      return replay.head();
    }
    if (!ReplayInputStream.mayPeek(request.getContentType())) {
      return null;
    }
    ServletInputStream in;
    try {
      in = request.getInputStream();
    } catch (IOException | IllegalStateException e) {
      return null; // someone before us took the reader: nothing to peek, nothing to replay
    }
    replay = ReplayServletInputStream.peek(in, limit);
    return replay.head();
  }

  /** The body to give the application if it was read ahead, else null. */
  @Nullable ReplayServletInputStream replay() {
    return replay;
  }

  @Override
  public Object nativeRequest() {
    return request;
  }
}
