package com.moesif.servlet;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.CharCapture;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The container's own response writer, with every character the application writes also encoded
 * (in the response's charset, by core's {@link CharCapture}) into a {@link BodyCapture}.
 *
 * <p>Why not a writer of our own over the teed byte stream: an {@code OutputStreamWriter} holds up
 * to 8 KiB back until it is flushed, and the container does not know to flush it on {@code
 * flushBuffer()} or on {@code AsyncContext.complete()}, so streamed bytes would be delayed or lost;
 * and the container would not learn that a writer is in use, so it could not lock the charset or
 * add it to the {@code Content-Type} as it does without the SDK. Delegating to the container's
 * writer keeps all of that (buffering, flushing, charset, the getWriter/getOutputStream {@code
 * IllegalStateException} rules) exactly as without the SDK; only the copy is ours.
 */
final class TeePrintWriter extends PrintWriter {
  private final PrintWriter delegate;
  private final CharCapture capture;

  TeePrintWriter(PrintWriter delegate, Charset charset, BodyCapture capture) {
    super(delegate, false);
    this.delegate = delegate;
    this.capture = new CharCapture(charset, capture);
  }

  /** The container writer this one wraps. */
  PrintWriter delegate() {
    return delegate;
  }

  @Override
  public void write(int c) {
    super.write(c);
    synchronized (lock) {
      capture.write((char) c);
    }
  }

  @Override
  public void write(char[] buf, int off, int len) {
    super.write(buf, off, len);
    synchronized (lock) {
      capture.write(buf, off, len);
    }
  }

  @Override
  public void write(String s, int off, int len) {
    super.write(s, off, len);
    synchronized (lock) {
      capture.write(s, off, off + len);
    }
  }

  /** PrintWriter's own println() writes to the delegate directly; route it through write. */
  @Override
  public void println() {
    write(System.lineSeparator());
  }
}
