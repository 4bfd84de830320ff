package com.moesif.servlet;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Tomcat's {@code Date} response header. Tomcat writes it only as it commits a response, after a
 * synchronous call has ended, unless the application set one: so for a response still
 * uncommitted then, the filter sets the value Tomcat would (its format, the current second), and
 * the event and the client get the same header.
 */
final class TomcatDate {
  /** Tomcat's {@code FastHttpDateFormat}: RFC 1123 with a two-digit day. */
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** The last second formatted: one formatting per second, as Tomcat does. */
  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private record Formatted(long second, String text) {}

  private TomcatDate() {}

  /**
   * Whether a class is one of Tomcat's own responses, decided once per class. Only the innermost
   * response's class is keyed: a wrapper's class says nothing, as one wrapper class can hold
   * Tomcat's response in one call and another container's in the next. A {@link ClassValue}
   * holds no strong reference to the class, so a web application's classes stay unloadable.
   */
  private static final ClassValue<Boolean> TOMCAT_RESPONSE = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return type.getName().startsWith("org.apache.catalina.connector.");
    }
  };

  /** True when {@code response}, under any wrappers, is Tomcat's. */
  static boolean isTomcat(ServletResponse response) {
    ServletResponse r = response;
    // Walked on every call: what each wrapper holds is this call's.
    while (r instanceof ServletResponseWrapper wrapper) {
      r = wrapper.getResponse();
    }
    return TOMCAT_RESPONSE.get(r.getClass());
  }

  /** The current time as Tomcat writes it into {@code Date}. */
  static String now() {
    long millis = System.currentTimeMillis();
    long second = Math.floorDiv(millis, 1000L);
    Formatted f = last;
    if (f.second() != second) {
      f = new Formatted(second, FORMAT.format(Instant.ofEpochSecond(second)));
      last = f;
    }
    return f.text();
  }
}
