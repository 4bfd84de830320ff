package com.moesif.core.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A request body after a governance peek ({@link HttpRequestView#peekBody}): first the bytes read
 * ahead of the handler, then the rest of the original stream (or the error the peek ran into), so
 * the application reads the body whole and unchanged. Adapters whose framework wants its own stream
 * type (a servlet's {@code ServletInputStream}) wrap one of these and delegate their reads to it.
 */
public final class ReplayInputStream extends InputStream {
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
   * Whether a body of this {@code Content-Type} may be read ahead on a servlet-style runtime. Not
   * form and multipart bodies: the runtime parses those for its parameter and part getters from
   * its own stream, which a peek would have drained.
   *
   * @param contentType the request's {@code Content-Type}, or null
   * @return false for form and multipart bodies
   */
  public static boolean mayPeek(@Nullable String contentType) {
    if (contentType == null) {
      return true;
    }
    String lower = contentType.trim().toLowerCase(Locale.ROOT);
    return !lower.startsWith("application/x-www-form-urlencoded") && !lower.startsWith("multipart/");
  }

  /**
   * Reads up to {@code limit} bytes ahead. An I/O error ends the peek early; it is kept and thrown
   * to the application once it has read the bytes that came before it, as without the peek.
   *
   * @param in the request body
   * @param limit the most bytes to read ahead
   * @return a stream that replays the bytes read ahead, then reads on from {@code in}
   */
  public static ReplayInputStream peek(InputStream in, int limit) {
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

  /** {@return the bytes read ahead (not a copy: the engine only parses them)} */
  public byte[] head() {
    return head;
  }

  /** {@return true while bytes read ahead remain to be read} */
  public boolean isReplaying() {
    return position < head.length;
  }

  /** {@return true when the peek ran into an I/O error, which the reads after the replayed bytes throw} */
  public boolean hasFailed() {
    return failure != null;
  }

  @Override
  public int read() throws IOException {
    if (isReplaying()) {
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
    if (isReplaying()) {
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
    return isReplaying() ? head.length - position : failure != null ? 0 : rest.available();
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }
}
