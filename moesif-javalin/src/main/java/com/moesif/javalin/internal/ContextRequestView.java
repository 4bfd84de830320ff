package com.moesif.javalin.internal;

import com.moesif.core.adapter.HttpRequestView;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's getters over a Javalin {@link Context}, for the hand-wired handlers. Reads the
 * servlet request underneath rather than Javalin's context resolvers: the engine resolves the
 * client address itself, from the same headers, with its own rules against forgery.
 */
final class ContextRequestView implements HttpRequestView {
  private final Context ctx;

  ContextRequestView(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public String method() {
    return ctx.req().getMethod().toUpperCase(Locale.ROOT);
  }

  @Override
  public String url() {
    HttpServletRequest request = ctx.req();
    StringBuffer url = request.getRequestURL();
    String query = request.getQueryString();
    if (query != null) {
      url.append('?').append(query);
    }
    return url.toString();
  }

  @Override
  public @Nullable String remoteAddress() {
    return ctx.req().getRemoteAddr();
  }

  @Override
  public @Nullable String header(String name) {
    return ctx.req().getHeader(name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    HttpServletRequest request = ctx.req();
    Enumeration<String> names = request.getHeaderNames();
    if (names == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        continue; // a repeated name would duplicate every value
      }
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        action.accept(name, values.nextElement());
      }
    }
  }

  /**
   * The template of the endpoint Javalin matched; null before matching (the request-only {@code
   * skip} call of a before-handler), for 404s and for static files.
   */
  @Override
  public @Nullable String route() {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? null : endpoint.path;
  }

  @Override
  public Object nativeRequest() {
    return ctx;
  }
}
