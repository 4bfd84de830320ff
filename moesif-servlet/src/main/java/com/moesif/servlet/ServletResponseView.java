package com.moesif.servlet;

import com.moesif.core.adapter.HttpResponseView;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The engine's getters over the container's response. Tomcat keeps {@code Content-Type} and
 * {@code Content-Length} out of {@code getHeaderNames()} until the response is committed, so they
 * are added from {@code getContentType()} and from what the application set through our wrapper;
 * the length of a body the container sends in full after the call ended comes from the wrapper
 * too ({@link TeeServletResponse#contentLengthAtEnd}).
 * On Jetty 12 the header walk reads Jetty's fields directly ({@link JettyAccessors}).
 */
final class ServletResponseView implements HttpResponseView {
  private final HttpServletResponse response;
  private final TeeServletResponse wrapper;
  private final boolean head;

  ServletResponseView(HttpServletResponse response, TeeServletResponse wrapper, boolean head) {
    this.response = response;
    this.wrapper = wrapper;
    this.head = head;
  }

  @Override
  public int status() {
    return response.getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    String value = response.getHeader(name);
    if (value == null) {
      if (name.equalsIgnoreCase("Content-Type")) {
        return response.getContentType();
      }
      if (name.equalsIgnoreCase("Content-Length")) {
        long length = wrapper.contentLengthAtEnd(head);
        return length >= 0 ? Long.toString(length) : null;
      }
    }
    return value;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    JettyAccessors jetty = JettyAccessors.response(response);
    boolean hasType;
    boolean hasLength;
    if (jetty != null) {
      hasType = false;
      hasLength = false;
      for (Object field : jetty.fields(response)) {
        String name = jetty.name(field);
        hasType |= name.equalsIgnoreCase("Content-Type");
        hasLength |= name.equalsIgnoreCase("Content-Length");
        action.accept(name, jetty.value(field));
      }
    } else {
      Collection<String> names = response.getHeaderNames();
      // Tomcat lists a name once per value: repeated names would duplicate every value.
      SeenHeaderNames seen = new SeenHeaderNames(names.size());
      for (String name : names) {
        if (!seen.add(name)) {
          continue;
        }
        Collection<String> values = response.getHeaders(name);
        if (values instanceof List<String> list && values instanceof RandomAccess) {
          // The containers' lists (Jetty's, Tomcat's): no iterator per name.
          for (int i = 0, n = list.size(); i < n; i++) {
            action.accept(name, list.get(i));
          }
        } else {
          for (String value : values) {
            action.accept(name, value);
          }
        }
      }
      hasType = seen.contains("content-type");
      hasLength = seen.contains("content-length");
    }
    if (!hasType) {
      String type = response.getContentType();
      if (type != null) {
        action.accept("Content-Type", type);
      }
    }
    if (!hasLength) {
      long length = wrapper.contentLengthAtEnd(head);
      if (length >= 0) {
        action.accept("Content-Length", Long.toString(length));
      }
    }
  }

  @Override
  public Object nativeResponse() {
    return response;
  }
}
