package com.moesif.servlet;

import com.moesif.core.adapter.BodyCapture;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The container's response stream with every byte copied into a {@link BodyCapture} after the
 * container took it. Nothing is buffered here: each write and flush reaches the container at once,
 * so streamed responses keep their timing. Non-blocking I/O delegates to the container.
 */
final class TeeServletOutputStream extends ServletOutputStream {
  private final ServletOutputStream out;
  private final BodyCapture capture;

  TeeServletOutputStream(ServletOutputStream out, BodyCapture capture) {
    this.out = out;
    this.capture = capture;
  }

  /** The container stream this one wraps (the container hands out one per response). */
  ServletOutputStream delegate() {
    return out;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    capture.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    capture.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  @Override
  public boolean isReady() {
    return out.isReady();
  }

  @Override
  public void setWriteListener(WriteListener writeListener) {
    out.setWriteListener(writeListener);
  }
}
