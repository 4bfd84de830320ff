package com.moesif.core.internal;

import org.jspecify.annotations.Nullable;

/** Cheap splitting of absolute URLs, without java.net.URI's parsing cost or its exceptions. */
public final class Urls {
  private Urls() {}

  /** The path of {@code scheme://authority/path?query#frag}, "/" when empty. */
  public static String path(String url) {
    int start = pathStart(url);
    int end = url.length();
    int q = url.indexOf('?', start);
    if (q >= 0) {
      end = q;
    }
    int hash = url.indexOf('#', start);
    if (hash >= 0 && hash < end) {
      end = hash;
    }
    return start >= end ? "/" : url.substring(start, end);
  }

  /** The query without '?', or null. */
  public static @Nullable String query(String url) {
    int q = url.indexOf('?', pathStart(url));
    if (q < 0) {
      return null;
    }
    int hash = url.indexOf('#', q);
    return url.substring(q + 1, hash < 0 ? url.length() : hash);
  }

  /** The path followed by "?query" when there is one (governance's {@code request.route}). */
  public static String pathAndQuery(String url) {
    String q = query(url);
    return q == null ? path(url) : path(url) + "?" + q;
  }

  private static int pathStart(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return 0;
    }
    int slash = url.indexOf('/', scheme + 3);
    if (slash < 0) {
      int q = url.indexOf('?', scheme + 3);
      return q < 0 ? url.length() : q;
    }
    return slash;
  }
}
