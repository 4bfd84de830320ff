package com.moesif.jaxrs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The request body after a governance peek: first the bytes read ahead of the resource, then the
 * rest of the original stream (or the error the peek ran into), so the application reads the body
 * whole and unchanged.
 */
final class ReplayInputStream extends InputStream {
  private final byte[] head;
  private final @Nullable IOException failure;
  private final InputStream rest;
  private int position;

  private ReplayInputStream(byte[] head, @Nullable IOException failure, InputStream rest) {
    this.head = head;
    this.failure = failure;
    this.rest = rest;
  }

  /**
   * Reads up to {@code limit} bytes ahead. An I/O error ends the peek early; it is kept and thrown
   * to the application once it has read the bytes that came before it, as without the peek.
   */
  static ReplayInputStream peek(InputStream in, int limit) {
    byte[] buffer = new byte[Math.min(limit, 8192)];
    int length = 0;
    IOException failure = null;
    try {
      while (length < limit) {
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(limit, buffer.length * 2L));
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
    return new ReplayInputStream(Arrays.copyOf(buffer, length), failure, in);
  }

  /** The bytes read ahead (not a copy: the engine only parses them). */
  byte[] head() {
    return head;
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
}
