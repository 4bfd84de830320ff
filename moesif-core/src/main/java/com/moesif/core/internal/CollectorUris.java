package com.moesif.core.internal;

import java.net.URI;

/** Joins the configured base URI (which may carry a path, e.g. a secure proxy's) with API paths. */
public final class CollectorUris {
  private CollectorUris() {}

  public static URI resolve(URI base, String path) {
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + (path.startsWith("/") ? path : "/" + path));
  }
}
