package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.HttpRequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** The engine's getters over a served request, as the pre-matching filter first sees it. */
final class ContainerRequestView implements HttpRequestView {
  private final ContainerRequestContext request;
  private final @Nullable String peerAddress;
  /** Set when governance read the body ahead; the application then reads through it. */
  private @Nullable ReplayInputStream replay;
  /** Known once a resource method matched: set by the response filter, read by the hooks. */
  private volatile @Nullable String route;

  ContainerRequestView(ContainerRequestContext request, @Nullable String peerAddress) {
    this.request = request;
    this.peerAddress = peerAddress;
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

  @Override
  public @Nullable String remoteAddress() {
    return peerAddress;
  }

  @Override
  public @Nullable String header(String name) {
    return Headers.first(request.getHeaders(), name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Headers.forEach(request.getHeaders(), action);
  }

  /** The matched resource template, once the response filter saw it; null before and for unmatched calls. */
  @Override
  public @Nullable String route() {
    return route;
  }

  void route(@Nullable String template) {
    this.route = template;
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
