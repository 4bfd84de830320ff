package com.moesif.spark.internal;

import com.moesif.core.adapter.HttpResponseView;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import spark.Response;

/** The engine's getters over the servlet response under Spark's. */
final class SparkResponseView implements HttpResponseView {
  private final HttpServletResponse raw;
  private final Response response;
  /** The Server header Jetty writes with the head, outside the response's fields, or null. */
  private volatile @Nullable String server;

  SparkResponseView(HttpServletResponse raw, Response response) {
    this.raw = raw;
    this.response = response;
  }

  /** Where Jetty is tapped: the Server header its generator adds to the head the client receives. */
  void wireServer(@Nullable String value) {
    server = value;
  }

  @Override
  public int status() {
    return raw.getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    String value = raw.getHeader(name);
    if (value == null && name.equalsIgnoreCase("Content-Type")) {
      return raw.getContentType();
    }
    if (value == null && name.equalsIgnoreCase("Server")) {
      return server;
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Collection<String> names = raw.getHeaderNames();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        continue; // a repeated name would duplicate every value
      }
      for (String value : raw.getHeaders(name)) {
        action.accept(name, value);
      }
    }
    if (!seen.contains("content-type")) {
      String type = raw.getContentType();
      if (type != null) {
        action.accept("Content-Type", type);
      }
    }
    String wireServer = server;
    if (wireServer != null && !seen.contains("server")) {
      action.accept("Server", wireServer);
    }
  }

  /** Spark's response (its {@code raw()} is the servlet response). */
  @Override
  public Object nativeResponse() {
    return response;
  }
}
