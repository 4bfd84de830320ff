package com.moesif.okhttp.internal;

import com.moesif.core.adapter.HttpResponseView;
import java.util.function.BiConsumer;
import okhttp3.Headers;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** Getters over an OkHttp {@link Response}. */
final class OkHttpResponseView implements HttpResponseView {
  private final Response response;

  OkHttpResponseView(Response response) {
    this.response = response;
  }

  @Override
  public int status() {
    return response.code();
  }

  @Override
  public @Nullable String header(String name) {
    return response.header(name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Headers headers = response.headers();
    for (int i = 0; i < headers.size(); i++) {
      action.accept(headers.name(i), headers.value(i));
    }
  }

  @Override
  public Object nativeResponse() {
    return response;
  }
}
