package com.moesif.jaxrs.internal;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The route template of a matched call ({@code /users/{id}}), from the standard {@link
 * ResourceInfo}: the application's base path, the resource class's {@code @Path} and the resource
 * method's {@code @Path}. Jakarta REST 3.1 has no API for the matched template itself (Jersey's
 * {@code ExtendedUriInfo} is runtime-specific), and the annotations are what the runtime matched
 * against. Calls through sub-resource locators have no template here: the locators' paths are not
 * in {@code ResourceInfo}, and a partial template would be wrong.
 */
final class RouteTemplates {
  private record Key(Class<?> resourceClass, Method method) {}

  /** Relative templates by resource method: the annotations never change, so look them up once. */
  private static final Map<Key, String> RELATIVE = new ConcurrentHashMap<>();
  /** Bounds the cache for applications that generate resource classes at run time. */
  private static final int MAX_CACHED = 10_000;

  private RouteTemplates() {}

  /**
   * What the runtime matched for the current request, read from the (request-scoped) {@code
   * resource} while the response filter runs; null when nothing matched (404, 405, an abort
   * before matching) or a sub-resource locator was involved.
   */
  static @Nullable Match match(@Nullable ResourceInfo resource, UriInfo uri) {
    if (resource == null) {
      return null;
    }
    Class<?> resourceClass = resource.getResourceClass();
    Method method = resource.getResourceMethod();
    if (resourceClass == null || method == null || uri.getMatchedResources().size() != 1) {
      return null;
    }
    return new Match(resourceClass, method, uri);
  }

  /** A matched resource method, turned into a template only when asked. */
  record Match(Class<?> resourceClass, Method method, UriInfo uri) {
    String template() {
      Key key = new Key(resourceClass, method);
      String relative = RELATIVE.get(key);
      if (relative == null) {
        relative = relative(resourceClass, method);
        if (RELATIVE.size() < MAX_CACHED) {
          RELATIVE.put(key, relative);
        }
      }
      String base = uri.getBaseUri().getRawPath();
      if (base == null || base.isEmpty()) {
        base = "/";
      }
      if (relative.isEmpty()) {
        return base.length() > 1 && base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      }
      return base.endsWith("/") ? base + relative : base + "/" + relative;
    }
  }

  private static String relative(Class<?> resourceClass, Method method) {
    StringBuilder template = new StringBuilder();
    append(template, classPath(resourceClass));
    append(template, methodPath(resourceClass, method));
    return template.toString();
  }

  private static void append(StringBuilder template, @Nullable String segment) {
    if (segment == null) {
      return;
    }
    String trimmed = trimSlashes(segment);
    if (trimmed.isEmpty()) {
      return;
    }
    if (template.length() > 0) {
      template.append('/');
    }
    template.append(trimmed);
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  /** {@code @Path} of the class, or of a superclass or interface (proxies subclass resources). */
  private static @Nullable String classPath(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Path path = c.getAnnotation(Path.class);
      if (path != null) {
        return path.value();
      }
      for (Class<?> i : c.getInterfaces()) {
        Path onInterface = i.getAnnotation(Path.class);
        if (onInterface != null) {
          return onInterface.value();
        }
      }
    }
    return null;
  }

  /**
   * {@code @Path} of the method, or, following the specification's annotation inheritance, of
   * the method it overrides or implements.
   */
  private static @Nullable String methodPath(Class<?> resourceClass, Method method) {
    Path path = method.getAnnotation(Path.class);
    if (path != null) {
      return path.value();
    }
    for (Class<?> c = resourceClass; c != null && c != Object.class; c = c.getSuperclass()) {
      String found = declaredPath(c, method);
      if (found != null) {
        return found;
      }
      for (Class<?> i : c.getInterfaces()) {
        found = declaredPath(i, method);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static @Nullable String declaredPath(Class<?> type, Method method) {
    try {
      Path path = type.getDeclaredMethod(method.getName(), method.getParameterTypes()).getAnnotation(Path.class);
      return path == null ? null : path.value();
    } catch (NoSuchMethodException notDeclaredHere) {
      return null;
    }
  }
}
