package com.moesif.core.adapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Passes every byte read through to the caller and copies it into a {@link BodyCapture}; skipped
 * bytes are read through too, so the copy stays faithful. Nothing is read ahead.
 *
 * <p>Made by {@link #completing}, it is an outgoing call's response body: the exchange ends when
 * the caller reads to the end or closes the stream (what a client does once it has the entity),
 * and fails when reading fails. Adapters whose framework wants its own stream type wrap one of
 * these and delegate their reads to it.
 */
public final class TeeInputStream extends FilterInputStream {
  private final BodyCapture capture;
  private final @Nullable Exchange exchange;
  private final @Nullable HttpResponseView response;

  /**
   * Reads through {@code in}, copying what is read into {@code capture}.
   *
   * @param in the stream the reader gets the bytes of
   * @param capture where the copy goes
   */
  public TeeInputStream(InputStream in, BodyCapture capture) {
    this(in, capture, null, null);
  }

  private TeeInputStream(
      InputStream in, BodyCapture capture, @Nullable Exchange exchange, @Nullable HttpResponseView response) {
    super(in);
    this.capture = capture;
    this.exchange = exchange;
    this.response = response;
  }

  /**
   * A response body that ends {@code exchange} with {@code response} at end of stream or close
   * (closing early abandons the rest: the event carries what was read), and fails it on a read
   * error.
   *
   * @param in the response body
   * @param exchange the call's exchange
   * @param response the response, as the exchange ends with it
   * @return the body to hand on in place of {@code in}
   */
  public static TeeInputStream completing(InputStream in, Exchange exchange, HttpResponseView response) {
    return new TeeInputStream(in, exchange.responseBody(), exchange, response);
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException | RuntimeException | Error e) {
      failed(e);
      throw e;
    }
    if (b >= 0) {
      capture.write(b);
    } else {
      completed();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException | RuntimeException | Error e) {
      failed(e);
      throw e;
    }
    if (n > 0) {
      capture.write(b, off, n);
    } else if (n < 0) {
      completed();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      completed();
    }
  }

  private void completed() {
    if (exchange != null && response != null) {
      exchange.end(response, null);
    }
  }

  private void failed(Throwable error) {
    if (exchange != null) {
      exchange.fail(error);
    }
  }
}
