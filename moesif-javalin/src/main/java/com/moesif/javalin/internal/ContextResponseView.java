package com.moesif.javalin.internal;

import com.moesif.core.adapter.HttpResponseView;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's getters over the response of a Javalin {@link Context}, read in the after-handler:
 * the status and headers the handlers set. Javalin adds {@code Content-Encoding} only if it
 * compresses while writing, later, so the event's headers match the uncompressed body it holds.
 */
final class ContextResponseView implements HttpResponseView {
  private final Context ctx;
  /** The length of the byte-array result Javalin writes whole after the call ended, or -1. */
  private final long resultLength;

  ContextResponseView(Context ctx, long resultLength) {
    this.ctx = ctx;
    this.resultLength = resultLength;
  }

  /** The Content-Length Javalin sends with a byte-array result, unless a handler set one; -1 for none. */
  private long contentLength(HttpServletResponse response) {
    int status = response.getStatus();
    if (resultLength < 0 || status < 200 || status == 204 || status == 304
        || "HEAD".equalsIgnoreCase(ctx.req().getMethod()) || response.containsHeader("Content-Encoding")) {
      return -1;
    }
    return resultLength;
  }

  @Override
  public int status() {
    return ctx.res().getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    HttpServletResponse response = ctx.res();
    String value = response.getHeader(name);
    if (value == null && name.equalsIgnoreCase("Content-Type")) {
      return response.getContentType();
    }
    if (value == null && name.equalsIgnoreCase("Content-Length")) {
      long length = contentLength(response);
      return length >= 0 ? Long.toString(length) : null;
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    HttpServletResponse response = ctx.res();
    Set<String> seen = new HashSet<>();
    for (String name : response.getHeaderNames()) {
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : response.getHeaders(name)) {
        action.accept(name, value);
      }
    }
    if (!seen.contains("content-type")) {
      String type = response.getContentType();
      if (type != null) {
        action.accept("Content-Type", type);
      }
    }
    if (!seen.contains("content-length")) {
      long length = contentLength(response);
      if (length >= 0) {
        action.accept("Content-Length", Long.toString(length));
      }
    }
  }

  @Override
  public Object nativeResponse() {
    return ctx;
  }
}
