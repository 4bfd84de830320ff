package com.moesif.jdkhttp.internal;

import com.moesif.core.adapter.HttpRequestView;
import java.net.http.HttpRequest;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** Getters over the caller's {@link HttpRequest} (headers the JDK adds itself are not visible). */
final class JdkRequestView implements HttpRequestView {
  private final HttpRequest request;

  JdkRequestView(HttpRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String url() {
    return request.uri().toString();
  }

  @Override
  public @Nullable String remoteAddress() {
    return null;
  }

  @Override
  public @Nullable String header(String name) {
    return request.headers().firstValue(name).orElse(null);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    request.headers().map().forEach((name, values) -> values.forEach(value -> action.accept(name, value)));
  }

  @Override
  public Object nativeRequest() {
    return request;
  }
}
