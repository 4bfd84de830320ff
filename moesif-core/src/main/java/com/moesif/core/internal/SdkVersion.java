package com.moesif.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK version, filtered into a resource at build time (for the User-Agent). */
public final class SdkVersion {
  public static final String VALUE = load();

  private SdkVersion() {}

  private static String load() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("/com/moesif/core/version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException ignored) {
      // fall through
    }
    return "unknown";
  }
}
