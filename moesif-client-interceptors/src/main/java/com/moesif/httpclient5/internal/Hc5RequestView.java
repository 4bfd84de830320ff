package com.moesif.httpclient5.internal;

import com.moesif.core.adapter.HttpRequestView;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.function.BiConsumer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * Getters over the request as it enters the chain. The entity's content type only becomes a
 * header inside the chain, so it is reported from the entity when the headers lack it; the URL is
 * made absolute from the route's target when the request carries only a path.
 */
final class Hc5RequestView implements HttpRequestView {
  private final ClassicHttpRequest request;
  private final ExecChain.Scope scope;

  Hc5RequestView(ClassicHttpRequest request, ExecChain.Scope scope) {
    this.request = request;
    this.scope = scope;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String url() {
    try {
      URI uri = request.getUri();
      if (uri.isAbsolute()) {
        return uri.toString();
      }
      HttpHost target = scope.route.getTargetHost();
      return target.toURI() + uri;
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
      HttpEntity entity = request.getEntity();
      return entity == null ? null : entity.getContentType();
    }
    return header == null ? null : header.getValue();
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    for (Iterator<Header> it = request.headerIterator(); it.hasNext(); ) {
      Header header = it.next();
      action.accept(header.getName(), header.getValue());
    }
    HttpEntity entity = request.getEntity();
    if (entity != null && entity.getContentType() != null && !request.containsHeader("Content-Type")) {
      action.accept("Content-Type", entity.getContentType());
    }
  }

  /** The caller's own request object (the chain works on the client's copy). */
  @Override
  public Object nativeRequest() {
    return scope.originalRequest;
  }
}
