package com.moesif.servlet;

import com.moesif.core.adapter.BodyCapture;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * The container's own response writer, with every character the application writes also encoded
 * (in the response's charset) into a {@link BodyCapture}.
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
  private final CharsetEncoder encoder;
  private final BodyCapture capture;
  private final ByteBuffer scratch = ByteBuffer.allocate(1024);
  private final char[] single = new char[1];
  /** A high surrogate written last, waiting for its low half. */
  private char carry;

  TeePrintWriter(PrintWriter delegate, Charset charset, BodyCapture capture) {
    super(delegate, false);
    this.delegate = delegate;
    this.capture = capture;
    this.encoder =
        charset
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  /** The container writer this one wraps. */
  PrintWriter delegate() {
    return delegate;
  }

  @Override
  public void write(int c) {
    super.write(c);
    synchronized (lock) {
      single[0] = (char) c;
      copy(CharBuffer.wrap(single));
    }
  }

  @Override
  public void write(char[] buf, int off, int len) {
    super.write(buf, off, len);
    synchronized (lock) {
      copy(CharBuffer.wrap(buf, off, len));
    }
  }

  @Override
  public void write(String s, int off, int len) {
    super.write(s, off, len);
    synchronized (lock) {
      copy(CharBuffer.wrap(s, off, off + len));
    }
  }

  /** PrintWriter's own println() writes to the delegate directly; route it through write. */
  @Override
  public void println() {
    write(System.lineSeparator());
  }

  private void copy(CharBuffer chars) {
    if (!chars.hasRemaining()) {
      return;
    }
    CharBuffer in = chars;
    if (carry != 0) {
      in = CharBuffer.allocate(chars.remaining() + 1);
      in.put(carry).put(chars).flip();
      carry = 0;
    }
    CoderResult result;
    do {
      result = encoder.encode(in, scratch, false);
      scratch.flip();
      capture.write(scratch.array(), scratch.arrayOffset() + scratch.position(), scratch.remaining());
      scratch.clear();
    } while (result.isOverflow());
    if (in.hasRemaining()) {
      // Underflow with input left: a high surrogate whose low half comes with the next write.
      carry = in.get();
    }
  }
}
