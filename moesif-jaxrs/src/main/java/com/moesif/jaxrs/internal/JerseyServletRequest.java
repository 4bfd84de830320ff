package com.moesif.jaxrs.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The servlet request behind a Jersey request, read from the request itself instead of through
 * the injected {@code @Context HttpServletRequest}. That injection is an HK2 proxy: its first call
 * in each request builds the request-scoped instance through HK2's factory machinery, work on the
 * request thread out of all proportion to the one {@code getRemoteAddr()} the SDK needs.
 *
 * <p>Under Jersey's servlet container, {@code ContainerRequest.getPropertiesDelegate()} (public)
 * is a {@code TracingAwarePropertiesDelegate} wrapping a {@code ServletPropertiesDelegate}, which
 * holds the {@code HttpServletRequest} in a private field: the object the proxy resolves to.
 * Nothing here links against Jersey: the method and the fields are looked up on the objects' own
 * classes. Another runtime, a Jersey whose classes differ, a module that does not open the field,
 * or a failed call makes {@link #of} return null, and the caller keeps the injected proxy (after
 * a failure, for good).
 */
final class JerseyServletRequest {
  private static final MethodType OBJECT_TO_OBJECT = MethodType.methodType(Object.class, Object.class);
  /** {@code ContainerRequest::getPropertiesDelegate}, per request class. */
  private static final ClassValue<Optional<MethodHandle>> DELEGATES =
      new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
          return delegateReader(type);
        }
      };
  /**
   * Per delegate class: {@code ServletPropertiesDelegate.request}, or the delegate a {@code
   * TracingAwarePropertiesDelegate} (what {@code ContainerRequest} wraps its delegate in) holds.
   */
  private static final ClassValue<Optional<Step>> STEPS =
      new ClassValue<>() {
        @Override
        protected Optional<Step> computeValue(Class<?> type) {
          return step(type);
        }
      };
  /** Wrappers to look through before giving up; Jersey 3.1 has one. */
  private static final int MAX_WRAPPERS = 3;

  /** A field read: the servlet request ({@code last}), or the next delegate. */
  private record Step(MethodHandle read, boolean last) {}

  /** Set when a read failed: from then on the caller's fallback is used. */
  private static volatile boolean disabled;

  private JerseyServletRequest() {}

  /** The servlet request behind {@code request}, or null when it cannot be read directly. */
  static @Nullable HttpServletRequest of(Object request) {
    if (disabled) {
      return null;
    }
    MethodHandle delegateReader = DELEGATES.get(request.getClass()).orElse(null);
    if (delegateReader == null) {
      return null;
    }
    try {
      @Nullable Object delegate = (Object) delegateReader.invokeExact(request);
      for (int i = 0; i <= MAX_WRAPPERS && delegate != null; i++) {
        Step step = STEPS.get(delegate.getClass()).orElse(null);
        if (step == null) {
          return null;
        }
        delegate = (Object) step.read.invokeExact(delegate);
        if (step.last) {
          return (HttpServletRequest) delegate;
        }
      }
      return null;
    } catch (Throwable t) {
      disabled = true;
      return null;
    }
  }

  private static Optional<MethodHandle> delegateReader(Class<?> type) {
    if (!isNamed(type, "org.glassfish.jersey.server.ContainerRequest")) {
      return Optional.empty();
    }
    try {
      // A method publicLookup cannot reach throws IllegalAccessException: no direct read then.
      Method method = type.getMethod("getPropertiesDelegate");
      return Optional.of(MethodHandles.publicLookup().unreflect(method).asType(OBJECT_TO_OBJECT));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Step> step(Class<?> type) {
    boolean last;
    switch (type.getName()) {
      case "org.glassfish.jersey.servlet.ServletPropertiesDelegate" -> last = true;
      case "org.glassfish.jersey.message.internal.TracingAwarePropertiesDelegate" -> last = false;
      default -> {
        return Optional.empty();
      }
    }
    try {
      @Nullable Field found = null;
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        // The servlet request is checked against the servlet API this adapter sees: a Jersey
        // loaded with another copy of it does not match, and keeps the proxy.
        boolean matches =
            last
                ? HttpServletRequest.class.isAssignableFrom(field.getType())
                : field.getType().getName().equals("org.glassfish.jersey.internal.PropertiesDelegate");
        if (matches) {
          if (found != null) {
            return Optional.empty(); // two candidates: not the class this was written against
          }
          found = field;
        }
      }
      if (found == null) {
        return Optional.empty();
      }
      found.setAccessible(true);
      return Optional.of(new Step(MethodHandles.lookup().unreflectGetter(found).asType(OBJECT_TO_OBJECT), last));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // InaccessibleObjectException when a module does not open the package: keep the proxy.
      return Optional.empty();
    }
  }

  /** True when {@code type} or one of its superclasses has the given name. */
  private static boolean isNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
