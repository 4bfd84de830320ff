package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.HttpRequestView;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's getters over a request the JAX-RS client sends, as the last request filter sees
 * it. The {@code Content-Type} comes from the entity's media type when the client keeps it out of
 * the header map.
 */
final class ClientRequestView implements HttpRequestView {
  private final ClientRequestContext request;

  ClientRequestView(ClientRequestContext request) {
    this.request = request;
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
    return request.getUri().toString();
  }

  @Override
  public @Nullable String remoteAddress() {
    return null;
  }

  @Override
  public @Nullable String header(String name) {
    String value = Headers.first(request.getStringHeaders(), name);
    if (value == null && name.equalsIgnoreCase("Content-Type") && request.hasEntity()) {
      MediaType type = request.getMediaType();
      return type == null ? null : type.toString();
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    MultivaluedMap<String, String> headers = request.getStringHeaders();
    Headers.forEach(headers, action);
    if (request.hasEntity() && Headers.first(headers, "Content-Type") == null) {
      MediaType type = request.getMediaType();
      if (type != null) {
        action.accept("Content-Type", type.toString());
      }
    }
  }

  @Override
  public Object nativeRequest() {
    return request;
  }
}
