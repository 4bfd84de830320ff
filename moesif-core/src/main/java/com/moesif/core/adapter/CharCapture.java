package com.moesif.core.adapter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Copies characters a body is written as into a {@link BodyCapture}, encoded in the body's
 * charset, a slice at a time: no copy of the whole text is made, and at most the capture's limit is
 * kept. For adapters that see a response as characters (a servlet writer, a framework's String
 * result). Writes may split a surrogate pair; its high half waits for the next write. Not
 * thread-safe: callers that share it across threads lock around it.
 */
public final class CharCapture {
  private final CharsetEncoder encoder;
  private final BodyCapture capture;
  private final ByteBuffer scratch;
  /** A high surrogate written last, waiting for its low half. */
  private char carry;

  /**
   * A writer of text into {@code capture}.
   *
   * @param charset the encoding the text is captured in
   * @param capture where the encoded bytes go
   */
  public CharCapture(Charset charset, BodyCapture capture) {
    this(charset, capture, 1024);
  }

  private CharCapture(Charset charset, BodyCapture capture, int scratchBytes) {
    this.capture = capture;
    this.scratch = ByteBuffer.allocate(scratchBytes);
    this.encoder =
        charset
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  /**
   * Copies a whole text (a body that is complete) into {@code capture}.
   *
   * @param text the body
   * @param charset the encoding it is captured in
   * @param capture where the encoded bytes go
   */
  public static void copy(String text, Charset charset, BodyCapture capture) {
    if (!capture.isEnabled() || text.isEmpty()) {
      return;
    }
    CharCapture chars = new CharCapture(charset, capture, Math.min(4096, Math.max(16, text.length() * 3)));
    chars.write(CharBuffer.wrap(text));
    chars.finish();
  }

  /**
   * Captures one character.
   *
   * @param c the character
   */
  public void write(char c) {
    write(CharBuffer.wrap(new char[] {c}));
  }

  /**
   * Captures {@code len} characters of {@code buf} from {@code off}.
   *
   * @param buf the characters
   * @param off the first one
   * @param len how many
   */
  public void write(char[] buf, int off, int len) {
    write(CharBuffer.wrap(buf, off, len));
  }

  /**
   * Captures {@code s} from {@code start} to {@code end} (exclusive).
   *
   * @param s the characters
   * @param start the first one
   * @param end after the last one
   */
  public void write(CharSequence s, int start, int end) {
    write(CharBuffer.wrap(s, start, end));
  }

  private void write(CharBuffer chars) {
    if (!chars.hasRemaining()) {
      return;
    }
    CharBuffer in = chars;
    if (carry != 0) {
      in = CharBuffer.allocate(chars.remaining() + 1);
      in.put(carry).put(chars).flip();
      carry = 0;
    }
    encode(in, false);
    if (in.hasRemaining()) {
      // Underflow with input left: a high surrogate whose low half comes with the next write.
      carry = in.get();
    }
  }

  /** The text is complete: a high surrogate still waiting is encoded as the replacement. */
  private void finish() {
    CharBuffer in = carry != 0 ? CharBuffer.wrap(new char[] {carry}) : CharBuffer.allocate(0);
    carry = 0;
    encode(in, true);
    CoderResult result;
    do {
      result = encoder.flush(scratch);
      drain();
    } while (result.isOverflow());
  }

  private void encode(CharBuffer in, boolean endOfInput) {
    CoderResult result;
    do {
      result = encoder.encode(in, scratch, endOfInput);
      drain();
    } while (result.isOverflow());
  }

  private void drain() {
    scratch.flip();
    capture.write(scratch.array(), scratch.arrayOffset() + scratch.position(), scratch.remaining());
    scratch.clear();
  }
}
