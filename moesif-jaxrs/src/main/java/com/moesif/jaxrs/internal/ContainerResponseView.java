package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.HttpResponseView;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's getters over a served response. Headers are read as strings through the runtime's
 * own header delegates; the {@code Content-Type} is added from the entity's media type when the
 * runtime keeps it out of the header map.
 */
final class ContainerResponseView implements HttpResponseView {
  private final ContainerResponseContext response;

  ContainerResponseView(ContainerResponseContext response) {
    this.response = response;
  }

  @Override
  public int status() {
    return response.getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    String value = Headers.first(response.getStringHeaders(), name);
    if (value == null && name.equalsIgnoreCase("Content-Type")) {
      MediaType type = response.getMediaType();
      return type == null ? null : type.toString();
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    MultivaluedMap<String, String> headers = response.getStringHeaders();
    Headers.forEach(headers, action);
    if (Headers.first(headers, "Content-Type") == null) {
      MediaType type = response.getMediaType();
      if (type != null) {
        action.accept("Content-Type", type.toString());
      }
    }
  }

  @Override
  public Object nativeResponse() {
    return response;
  }
}
