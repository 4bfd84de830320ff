package com.moesif.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what slf4j-simple prints, for tests that check the SDK's log lines. slf4j-simple
 * writes to {@code System.err} as it is at each call (unless {@code cacheOutputStream} is set,
 * which the tests never do), so swapping {@code System.err} is enough; everything still reaches
 * the original stream too.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private LogCapture() {
    this.original = System.err;
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (buffer) {
              buffer.write(b);
            }
            original.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (buffer) {
              buffer.write(b, off, len);
            }
            original.write(b, off, len);
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing; close to restore {@code System.err}. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Every line written so far (stack trace lines included). */
  public List<String> lines() {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }
}
