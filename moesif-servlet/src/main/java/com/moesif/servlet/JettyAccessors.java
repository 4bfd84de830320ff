package com.moesif.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Jetty 12's own request and response objects, read directly where the servlet API makes Jetty
 * allocate: a response header walk through {@code getHeaderNames()} and {@code getHeaders(name)}
 * costs a TreeMap, an EnumSet, and a list plus two iterators per name, on every request thread;
 * {@code getRequestURL()} copies the URI three times. The direct
 * reads use the objects those methods read ({@code getResponse().getHeaders()}, {@code
 * getRequest().getHttpURI()}), so they return the same values.
 *
 * <p>Nothing here links against Jetty: the methods are looked up on the object's own class, so it
 * works whichever class loader holds Jetty. Any other container, a Jetty whose methods differ, or
 * a failed call leaves the servlet API in charge (after a failure, for good).
 */
final class JettyAccessors {
  private static final MethodType OBJECT_TO_OBJECT = MethodType.methodType(Object.class, Object.class);
  private static final ClassValue<Optional<JettyAccessors>> RESPONSES =
      finder("ServletApiResponse", "getResponse", "getHeaders");
  private static final ClassValue<Optional<JettyAccessors>> REQUESTS =
      finder("ServletApiRequest", "getRequest", "getHttpURI");
  /** Set when a call failed: from then on the servlet API is used. */
  private static volatile boolean disabled;

  /** {@code getResponse().getHeaders()} or {@code getRequest().getHttpURI()}. */
  private final MethodHandle read;
  /** {@code HttpField::getName}, or {@code HttpURI::asString}. */
  private final MethodHandle first;
  /** {@code HttpField::getValue}, or null. */
  private final @Nullable MethodHandle second;

  private JettyAccessors(MethodHandle read, MethodHandle first, @Nullable MethodHandle second) {
    this.read = read;
    this.first = first;
    this.second = second;
  }

  /** For Jetty's servlet response: reads its header fields; null for any other response. */
  static @Nullable JettyAccessors response(Object response) {
    return disabled ? null : RESPONSES.get(response.getClass()).orElse(null);
  }

  /** For Jetty's servlet request: reads its URI; null for any other request. */
  static @Nullable JettyAccessors request(Object request) {
    return disabled ? null : REQUESTS.get(request.getClass()).orElse(null);
  }

  /** True when {@code request}, under any wrappers, is Jetty 12's servlet request. */
  static boolean isJettyRequest(ServletRequest request) {
    return request(unwrap(request)) != null;
  }

  /** The container's request under any wrappers. */
  static ServletRequest unwrap(ServletRequest request) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      r = wrapper.getRequest();
    }
    return r;
  }

  /** The response's header fields, in order (a repeated name once per field). */
  Iterable<?> fields(Object response) {
    return (Iterable<?>) call(read, response);
  }

  String name(Object field) {
    return (String) call(first, field);
  }

  @Nullable String value(Object field) {
    return (String) call(second, field);
  }

  /** The request URL with its query: {@code getRequestURL()} plus {@code "?" + getQueryString()}. */
  String url(Object request) {
    return (String) call(first, call(read, request));
  }

  private static Object call(@Nullable MethodHandle handle, Object target) {
    try {
      return (Object) handle.invokeExact(target);
    } catch (Throwable t) {
      disabled = true;
      throw new IllegalStateException(
          "reading Jetty's request or response failed; the servlet API is used from now on", t);
    }
  }

  private static ClassValue<Optional<JettyAccessors>> finder(String servletClass, String unwrap, String read) {
    return new ClassValue<>() {
      @Override
      protected Optional<JettyAccessors> computeValue(Class<?> type) {
        return Optional.ofNullable(find(type, servletClass, unwrap, read));
      }
    };
  }

  private static @Nullable JettyAccessors find(Class<?> type, String servletClass, String unwrap, String read) {
    if (!isJetty(type, servletClass)) {
      return null;
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Method core = type.getMethod(unwrap);
      Method part = core.getReturnType().getMethod(read);
      MethodHandle reader =
          MethodHandles.filterReturnValue(lookup.unreflect(core), lookup.unreflect(part)).asType(OBJECT_TO_OBJECT);
      Class<?> partType = part.getReturnType();
      if (read.equals("getHeaders")) {
        if (!Iterable.class.isAssignableFrom(partType)) {
          return null;
        }
        Class<?> field = Class.forName("org.eclipse.jetty.http.HttpField", false, partType.getClassLoader());
        return new JettyAccessors(reader, stringGetter(lookup, field, "getName"), stringGetter(lookup, field, "getValue"));
      }
      return new JettyAccessors(reader, stringGetter(lookup, partType, "asString"), null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static MethodHandle stringGetter(MethodHandles.Lookup lookup, Class<?> type, String name)
      throws ReflectiveOperationException {
    Method method = type.getMethod(name);
    if (method.getReturnType() != String.class) {
      throw new NoSuchMethodException(type.getName() + "." + name + " does not return a String");
    }
    return lookup.unreflect(method).asType(OBJECT_TO_OBJECT);
  }

  /** Jetty 12's ee10/ee11 servlet class of that simple name, or a subclass of it. */
  private static boolean isJetty(Class<?> type, String simpleName) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      String name = c.getName();
      if (name.equals("org.eclipse.jetty.ee10.servlet." + simpleName)
          || name.equals("org.eclipse.jetty.ee11.servlet." + simpleName)) {
        return true;
      }
    }
    return false;
  }
}
