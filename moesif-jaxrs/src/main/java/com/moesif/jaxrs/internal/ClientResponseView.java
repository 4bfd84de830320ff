package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.HttpResponseView;
import jakarta.ws.rs.client.ClientResponseContext;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** The engine's getters over a response the JAX-RS client received. */
final class ClientResponseView implements HttpResponseView {
  private final ClientResponseContext response;

  ClientResponseView(ClientResponseContext response) {
    this.response = response;
  }

  @Override
  public int status() {
    return response.getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    return Headers.first(response.getHeaders(), name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    Headers.forEach(response.getHeaders(), action);
  }

  @Override
  public Object nativeResponse() {
    return response;
  }
}
