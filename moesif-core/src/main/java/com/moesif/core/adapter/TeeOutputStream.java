package com.moesif.core.adapter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes every byte through, unchanged and unbuffered, and copies it into a {@link BodyCapture}. */
public final class TeeOutputStream extends FilterOutputStream {
  private final BodyCapture capture;

  /**
   * Writes through to {@code out}, copying what is written into {@code capture}.
   *
   * @param out the stream the writer's bytes go to
   * @param capture where the copy goes
   */
  public TeeOutputStream(OutputStream out, BodyCapture capture) {
    super(out);
    this.capture = capture;
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
}
