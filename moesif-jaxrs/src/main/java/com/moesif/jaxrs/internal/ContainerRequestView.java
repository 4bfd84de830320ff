package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.ReplayInputStream;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** The engine's getters over a served request, as the pre-matching filter first sees it. */
final class ContainerRequestView implements HttpRequestView {
  private final ContainerRequestContext request;
  private final ServerFilter capture;
  /** Set when governance read the body ahead; the application then reads through it. */
  private @Nullable ReplayInputStream replay;
  /** What matched, recorded by the response filter; the template is built only if a hook asks. */
  private volatile RouteTemplates.@Nullable Match match;
  private volatile @Nullable String route;

  ContainerRequestView(ContainerRequestContext request, ServerFilter capture) {
    this.request = request;
    this.capture = capture;
  }

  @Override
  public String method() {
    return request.getMethod().toUpperCase(Locale.ROOT);
  }

  boolean isHead() {
    return "HEAD".equalsIgnoreCase(request.getMethod());
  }

  @Override
  public String url() {
    return request.getUriInfo().getRequestUri().toString();
  }

  /** Asked once, by the engine at the start, on the request's thread. */
  @Override
  public @Nullable String remoteAddress() {
    return capture.peerAddress(request);
  }

  @Override
  public @Nullable String header(String name) {
    return Headers.first(request.getHeaders(), name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Headers.forEach(request.getHeaders(), action);
  }

  /**
   * The matched resource's template, once the response filter saw the match; null before that
   * (hooks called at the start) and for calls nothing matched.
   */
  @Override
  public @Nullable String route() {
    String r = route;
    if (r == null) {
      RouteTemplates.Match m = match;
      if (m != null) {
        r = m.template();
        route = r;
      }
    }
    return r;
  }

  void matched(RouteTemplates.@Nullable Match match) {
    this.match = match;
  }

  /**
   * Reads the body ahead for governance rules on body fields. In Jakarta REST everything, form
   * parameters included, is read from the entity stream, so a replay serves every media type.
   */
  @Override
  public byte @Nullable [] peekBody(int limit) {
    ReplayInputStream r = replay;
    if (r == null) {
      r = ReplayInputStream.peek(request.getEntityStream(), limit);
      replay = r;
    }
    return r.head();
  }

  /** The body the application must read: the replay after a peek, else the runtime's stream. */
  InputStream body() {
    ReplayInputStream r = replay;
    return r != null ? r : request.getEntityStream();
  }

  /** True when governance read the body ahead, so the entity stream must be replaced by the replay. */
  boolean peeked() {
    return replay != null;
  }

  @Override
  public Object nativeRequest() {
    return request;
  }
}
