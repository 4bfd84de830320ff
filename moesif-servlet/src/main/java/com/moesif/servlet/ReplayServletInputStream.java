package com.moesif.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The request body after a governance peek: first the bytes read ahead of the handler, then the
 * rest of the container's stream (or the error the peek ran into), so the application reads the
 * body whole and unchanged. Non-blocking reads work too: the replayed bytes are always ready, and
 * when the peek already drained the container's stream (it then reports all data read at once),
 * the application's listener is first given the replayed bytes.
 */
final class ReplayServletInputStream extends ServletInputStream {
  private final byte[] head;
  private final @Nullable IOException failure;
  private final ServletInputStream rest;
  private int position;

  ReplayServletInputStream(byte[] head, @Nullable IOException failure, ServletInputStream rest) {
    this.head = head;
    this.failure = failure;
    this.rest = rest;
  }

  private boolean replaying() {
    return position < head.length;
  }

  @Override
  public int read() throws IOException {
    if (replaying()) {
      return head[position++] & 0xff;
    }
    if (failure != null) {
      throw failure;
    }
    return rest.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (replaying()) {
      int n = Math.min(len, head.length - position);
      System.arraycopy(head, position, b, off, n);
      position += n;
      return n;
    }
    if (failure != null) {
      throw failure;
    }
    return rest.read(b, off, len);
  }

  @Override
  public int available() throws IOException {
    return replaying() ? head.length - position : failure != null ? 0 : rest.available();
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }

  @Override
  public boolean isFinished() {
    return !replaying() && (failure != null || rest.isFinished());
  }

  @Override
  public boolean isReady() {
    return replaying() || rest.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    rest.setReadListener(
        new ReadListener() {
          @Override
          public void onDataAvailable() throws IOException {
            listener.onDataAvailable();
          }

          @Override
          public void onAllDataRead() throws IOException {
            if (replaying()) {
              listener.onDataAvailable();
            }
            listener.onAllDataRead();
          }

          @Override
          public void onError(Throwable t) {
            listener.onError(t);
          }
        });
  }

  /**
   * Reads up to {@code limit} bytes ahead. An I/O error ends the peek early; it is kept and thrown
   * to the application once it has read the bytes that came before it, as without the peek.
   */
  static ReplayServletInputStream peek(ServletInputStream in, int limit) {
    byte[] buffer = new byte[Math.min(limit, 8192)];
    int length = 0;
    IOException failure = null;
    try {
      while (length < limit) {
        if (length == buffer.length) {
          buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(limit, buffer.length * 2L));
        }
        int n = in.read(buffer, length, buffer.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    } catch (IOException e) {
      failure = e;
    }
    return new ReplayServletInputStream(java.util.Arrays.copyOf(buffer, length), failure, in);
  }

  /** The bytes read ahead (not a copy: the engine only parses them). */
  byte[] head() {
    return head;
  }
}
