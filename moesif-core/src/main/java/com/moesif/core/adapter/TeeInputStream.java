package com.moesif.core.adapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes every byte read through to the caller and copies it into a {@link BodyCapture}. */
public final class TeeInputStream extends FilterInputStream {
  private final BodyCapture capture;

  /**
   * Reads through {@code in}, copying what is read into {@code capture}.
   *
   * @param in the stream the reader gets the bytes of
   * @param capture where the copy goes
   */
  public TeeInputStream(InputStream in, BodyCapture capture) {
    super(in);
    this.capture = capture;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      capture.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      capture.write(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes are still part of the body: read them so the copy stays faithful.
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
}
