package com.moesif.servlet.internal;

import com.moesif.core.adapter.BodyCapture;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The container's request stream with every byte the application reads copied into a {@link
 * BodyCapture}. Non-blocking I/O is the container's: {@code isReady}, {@code isFinished} and
 * {@code setReadListener} delegate, and the listener's reads come through here and are copied.
 * Public for the other jakarta.servlet-based adapters (Javalin); not part of the API.
 */
public final class TeeServletInputStream extends ServletInputStream {
  private final ServletInputStream in;

  /** The stream this one reads from. */
  public ServletInputStream delegate() {
    return in;
  }

  private final BodyCapture capture;

  public TeeServletInputStream(ServletInputStream in, BodyCapture capture) {
    this.in = in;
    this.capture = capture;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
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
  public int readLine(byte[] b, int off, int len) throws IOException {
    int n = in.readLine(b, off, len);
    if (n > 0) {
      capture.write(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes are part of the body too: read them through so the copy stays faithful.
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
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener readListener) {
    in.setReadListener(readListener);
  }
}
