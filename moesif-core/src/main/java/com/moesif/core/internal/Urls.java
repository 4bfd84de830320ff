package com.moesif.core.internal;

import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's URL helpers: cheap splitting of absolute URLs (without java.net.URI's parsing cost or
 * its exceptions), API paths joined to the collector's base URI, and recognising the collector's
 * own address.
 */
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

  /** Joins the configured base URI (which may carry a path, e.g. a secure proxy's) with an API path. */
  public static URI resolve(URI base, String path) {
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + (path.startsWith("/") ? path : "/" + path));
  }

  /**
   * The collector's address, for telling the SDK's own calls apart from the application's: an
   * outgoing URL is the collector's when its scheme, host and port (the default one spelled out or
   * not, in any letter case) are the base URI's and its path is the base path or below it. A plain
   * string prefix missed {@code HTTP://HOST/...} and {@code https://host:443/...}, and such a call
   * would then be captured and shipped to the collector it was made to.
   */
  static final class CollectorAddress {
    private final String scheme;
    private final String host;
    private final int port;
    /** The base path without a trailing slash ("" for the root). */
    private final String path;

    private CollectorAddress(String scheme, String host, int port, String path) {
      this.scheme = scheme;
      this.host = host;
      this.port = port;
      this.path = path;
    }

    static CollectorAddress of(URI base) {
      String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
      String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
      String path = base.getRawPath() == null ? "" : base.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return new CollectorAddress(scheme, host, effectivePort(scheme, base.getPort()), path);
    }

    private static int effectivePort(String scheme, int port) {
      if (port >= 0) {
        return port;
      }
      return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }

    /** Whether {@code url} (absolute) addresses the collector; never throws. */
    boolean contains(@Nullable String url) {
      if (url == null) {
        return false;
      }
      int schemeEnd = url.indexOf("://");
      if (schemeEnd != scheme.length() || !url.regionMatches(true, 0, scheme, 0, schemeEnd)) {
        return false;
      }
      int authorityStart = schemeEnd + 3;
      int authorityEnd = authorityStart;
      while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      String authority = url.substring(authorityStart, authorityEnd);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        authority = authority.substring(at + 1);
      }
      int portStart = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
      String urlHost = portStart < 0 ? authority : authority.substring(0, portStart);
      int urlPort;
      try {
        urlPort = portStart < 0 ? effectivePort(scheme, -1) : Integer.parseInt(authority.substring(portStart + 1));
      } catch (NumberFormatException badPort) {
        return false;
      }
      if (urlPort != port || !urlHost.equalsIgnoreCase(host)) {
        return false;
      }
      // The path must be the base path itself or continue it at a segment boundary.
      if (!url.startsWith(path, authorityEnd)) {
        return false;
      }
      int after = authorityEnd + path.length();
      return after == url.length() || "/?#".indexOf(url.charAt(after)) >= 0;
    }
  }
}
