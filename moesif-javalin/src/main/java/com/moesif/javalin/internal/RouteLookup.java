package com.moesif.javalin.internal;

import io.javalin.config.JavalinState;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The route template of the endpoint Javalin picks for a request, found the way Javalin finds it
 * (method, with {@code X-HTTP-Method-Override}, and the path below the context path), so it is
 * known before Javalin runs (the request-only {@code skip} call) as well as after. Only called
 * when a hook asks for the route: the request path pays nothing otherwise. A HEAD request that
 * Javalin answers with a GET endpoint reports that endpoint's template. Null for 404s, static
 * files and the single-page handler, which have no template.
 */
final class RouteLookup implements Function<HttpServletRequest, @Nullable String> {
  private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  private final JavalinState state;

  RouteLookup(JavalinState state) {
    this.state = state;
  }

  @Override
  public @Nullable String apply(HttpServletRequest request) {
    String override = request.getHeader(METHOD_OVERRIDE);
    // A transient HandlerType, equal to Javalin's constant for a standard method: looking a
    // client-chosen name up through HandlerType.findOrCreate would register it for good.
    HandlerType method = new HandlerType(override != null ? override : request.getMethod());
    String uri = request.getRequestURI();
    String contextPath = request.getContextPath();
    String path = contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
    ParsedEndpoint entry = state.internalRouter.findFirstHttpHandlerEntry(method, path);
    if (entry == null && method.equals(HandlerType.HEAD)) {
      entry = state.internalRouter.findFirstHttpHandlerEntry(HandlerType.GET, path);
    }
    return entry == null ? null : entry.endpoint.path;
  }
}
