package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.HttpResponseView;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's getters over a served response. Headers are read as strings through the runtime's
 * own header delegates; the {@code Content-Type} is added from the entity's media type when the
 * runtime keeps it out of the header map. Under a servlet runtime the container's own headers
 * ({@code Date}, {@code Server}), which the Jakarta REST response never lists, are added from the
 * servlet response, without the names the Jakarta REST response has.
 */
final class ContainerResponseView implements HttpResponseView {
  /** The headers of the container the runtime runs in, when it has its own. */
  interface ContainerHeaders {
    @Nullable String header(String name);

    void forEachHeader(BiConsumer<String, String> action);
  }

  private final ContainerResponseContext response;
  private final @Nullable ContainerHeaders container;

  ContainerResponseView(ContainerResponseContext response, @Nullable ContainerHeaders container) {
    this.response = response;
    this.container = container;
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
    if (value == null && container != null) {
      return container.header(name);
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    MultivaluedMap<String, String> headers = response.getStringHeaders();
    Headers.forEach(headers, action);
    boolean hasType = Headers.first(headers, "Content-Type") != null;
    if (!hasType) {
      MediaType type = response.getMediaType();
      if (type != null) {
        hasType = true;
        action.accept("Content-Type", type.toString());
      }
    }
    ContainerHeaders own = container;
    if (own != null) {
      Set<String> listed = new HashSet<>();
      for (String name : headers.keySet()) {
        if (name != null) {
          listed.add(name.toLowerCase(Locale.ROOT));
        }
      }
      if (hasType) {
        listed.add("content-type");
      }
      own.forEachHeader((name, value) -> {
        if (!listed.contains(name.toLowerCase(Locale.ROOT))) {
          action.accept(name, value);
        }
      });
    }
  }

  @Override
  public Object nativeResponse() {
    return response;
  }
}
