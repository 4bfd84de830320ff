package com.moesif.servlet.internal;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.TeeInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The container's request stream with every byte the application reads copied into a {@link
 * BodyCapture}, through core's {@link TeeInputStream}. Non-blocking I/O is the container's: {@code isReady}, {@code isFinished} and
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
  /** Core's tee over the same stream: the reads and skips go through it. */
  private final TeeInputStream tee;

  public TeeServletInputStream(ServletInputStream in, BodyCapture capture) {
    this.in = in;
    this.capture = capture;
    this.tee = new TeeInputStream(in, capture);
  }

  @Override
  public int read() throws IOException {
    return tee.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return tee.read(b, off, len);
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
    return tee.skip(n);
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
