package com.moesif.jdkhttp.internal;

import com.moesif.core.adapter.HttpResponseView;
import java.net.http.HttpResponse;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Getters over the response as the body handler sees it ({@link HttpResponse.ResponseInfo}: the
 * {@code HttpResponse} itself does not exist yet while its body streams), which hooks can unwrap.
 */
final class JdkResponseView implements HttpResponseView {
  private final HttpResponse.ResponseInfo info;

  JdkResponseView(HttpResponse.ResponseInfo info) {
    this.info = info;
  }

  @Override
  public int status() {
    return info.statusCode();
  }

  @Override
  public @Nullable String header(String name) {
    return info.headers().firstValue(name).orElse(null);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    info.headers().map().forEach((name, values) -> values.forEach(value -> action.accept(name, value)));
  }

  @Override
  public Object nativeResponse() {
    return info;
  }
}
