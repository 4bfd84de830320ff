package com.moesif.benchmarks.load;

import java.util.Map;

/** What {@link SoakTest} asks of the app JVM ({@link SoakApp}) over JMX. Public: JMX requires it. */
public interface SoakAppMXBean {
  /** Where {@code com.moesif.servlet.MoesifFilter} was loaded from in the app JVM. */
  String filterSource();

  int maxRetries();

  /** The SDK's {@code MoesifStats}, component name to value ({@code lastError} may be absent). */
  Map<String, String> stats();

  /** Live threads named {@code moesif-*}. */
  long moesifThreads();

  boolean flush(long seconds);

  /** Stops the server, then closes the SDK; the JVM stays up so threads left behind can be counted. */
  void stopAndClose(long seconds) throws Exception;
}
