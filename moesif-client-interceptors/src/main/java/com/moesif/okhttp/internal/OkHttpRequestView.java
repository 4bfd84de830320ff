package com.moesif.okhttp.internal;

import com.moesif.core.adapter.HttpRequestView;
import java.util.function.BiConsumer;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Getters over an OkHttp {@link Request}. An application interceptor sees the request before
 * OkHttp's bridge adds {@code Content-Type} from the body, so it is taken from the body when the
 * headers lack it (the engine needs it to recognise JSON and the event shows what was sent).
 */
public final class OkHttpRequestView implements HttpRequestView {
  private final Request request;

  public OkHttpRequestView(Request request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String url() {
    return request.url().toString();
  }

  @Override
  public @Nullable String remoteAddress() {
    return null;
  }

  @Override
  public @Nullable String header(String name) {
    String value = request.header(name);
    if (value == null && name.equalsIgnoreCase("Content-Type")) {
      MediaType type = bodyType();
      return type == null ? null : type.toString();
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Headers headers = request.headers();
    for (int i = 0; i < headers.size(); i++) {
      action.accept(headers.name(i), headers.value(i));
    }
    if (headers.get("Content-Type") == null) {
      MediaType type = bodyType();
      if (type != null) {
        action.accept("Content-Type", type.toString());
      }
    }
  }

  private @Nullable MediaType bodyType() {
    RequestBody body = request.body();
    return body == null ? null : body.contentType();
  }

  @Override
  public Object nativeRequest() {
    return request;
  }
}
