package com.moesif.httpclient5.internal;

import com.moesif.core.adapter.HttpRequestView;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.function.BiConsumer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * Getters over the request as it enters the chain (classic or async). The entity's content type
 * only becomes a header further down the chain, so it is reported from the entity when the
 * headers lack it; the URL is made absolute from the route's target when the request carries only
 * a path. Hooks unwrap the caller's own request object (the chain works on the client's copy).
 */
final class Hc5RequestView implements HttpRequestView {
  private final HttpRequest request;
  private final @Nullable EntityDetails entity;
  private final HttpRoute route;
  private final Object callerRequest;

  Hc5RequestView(HttpRequest request, @Nullable EntityDetails entity, HttpRoute route, Object callerRequest) {
    this.request = request;
    this.entity = entity;
    this.route = route;
    this.callerRequest = callerRequest;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String url() {
    try {
      URI uri = request.getUri();
      return uri.isAbsolute() ? uri.toString() : route.getTargetHost().toURI() + uri;
    } catch (URISyntaxException e) {
      return request.getRequestUri();
    }
  }

  @Override
  public @Nullable String remoteAddress() {
    return null;
  }

  @Override
  public @Nullable String header(String name) {
    Header header = request.getFirstHeader(name);
    if (header == null && name.equalsIgnoreCase("Content-Type")) {
      return entityContentType();
    }
    return header == null ? null : header.getValue();
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    for (Iterator<Header> it = request.headerIterator(); it.hasNext(); ) {
      Header header = it.next();
      action.accept(header.getName(), header.getValue());
    }
    String type = entityContentType();
    if (type != null && !request.containsHeader("Content-Type")) {
      action.accept("Content-Type", type);
    }
  }

  private @Nullable String entityContentType() {
    return entity == null ? null : entity.getContentType();
  }

  @Override
  public Object nativeRequest() {
    return callerRequest;
  }
}
