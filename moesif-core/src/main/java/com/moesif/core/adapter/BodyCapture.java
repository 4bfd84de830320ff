package com.moesif.core.adapter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A bounded copy of a body as it streams past: adapters call {@link #write} with every chunk the
 * application reads or writes, and at most {@code limit} bytes are kept (the buffer grows by
 * doubling up to the limit, never beyond). The total length keeps counting past the limit so the
 * event can say how large the body was. Not thread-safe: one body is read or written by one
 * thread at a time, which the containers guarantee.
 */
public final class BodyCapture {
  private static final byte[] EMPTY = new byte[0];
  private static final BodyCapture DISABLED = new BodyCapture(-1, false);

  private final int limit;
  /** Made while the SDK's queue was backlogged: keeps nothing, counts, and the event says why. */
  private final boolean omitted;
  private byte[] buffer = EMPTY;
  private int length;
  private long total;

  private BodyCapture(int limit, boolean omitted) {
    this.limit = limit;
    this.omitted = omitted;
  }

  /**
   * A capture keeping at most {@code limit} bytes; a limit of 0 keeps none but still counts.
   *
   * @param limit how many bytes to keep at most
   * @return a new capture
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public static BodyCapture bounded(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    return new BodyCapture(limit, false);
  }

  /**
   * A capture that counts the body's bytes but keeps none, because the SDK's event queue is
   * backlogged: the engine hands these out instead of {@link #bounded} then, so a call whose body
   * would be dropped from its event anyway costs neither the copy nor the buffer (a 64 KiB body
   * is a 64 KiB array per direction). The event reports the body's size and why it is missing.
   *
   * @return a new capture
   */
  public static BodyCapture omitting() {
    return new BodyCapture(0, true);
  }

  /** {@return a shared capture that copies and counts nothing ({@code LOG_BODY=false})} */
  public static BodyCapture disabled() {
    return DISABLED;
  }

  /** {@return false for {@link #disabled()}: adapters may then skip wrapping streams altogether} */
  public boolean isEnabled() {
    return limit >= 0;
  }

  /**
   * Counts one byte, and keeps it while under the limit.
   *
   * @param b the byte, in the low eight bits
   */
  public void write(int b) {
    if (limit < 0) {
      return;
    }
    total++;
    if (length < limit) {
      ensureCapacity(length + 1);
      buffer[length++] = (byte) b;
    }
  }

  /**
   * Counts {@code len} bytes, and keeps those that fit under the limit.
   *
   * @param bytes the array holding them
   * @param off where they start
   * @param len how many there are
   */
  public void write(byte[] bytes, int off, int len) {
    if (limit < 0 || len <= 0) {
      return;
    }
    total += len;
    int keep = Math.min(len, limit - length);
    if (keep > 0) {
      ensureCapacity(length + keep);
      System.arraycopy(bytes, off, buffer, length, keep);
      length += keep;
    }
  }

  /**
   * Copies the buffer's remaining bytes (up to the limit) and counts all of them, without moving
   * the buffer's position or touching its contents: for NIO-based clients that hand bodies around
   * as {@link ByteBuffer}s (heap, direct or read-only), so only the kept bytes are ever copied.
   *
   * @param bytes the buffer whose remaining bytes are the body's next ones
   */
  public void write(ByteBuffer bytes) {
    int len = bytes.remaining();
    if (limit < 0 || len <= 0) {
      return;
    }
    total += len;
    int keep = Math.min(len, limit - length);
    if (keep > 0) {
      ensureCapacity(length + keep);
      bytes.get(bytes.position(), buffer, length, keep); // absolute get: the position stays put
      length += keep;
    }
  }

  /**
   * A hint that the body will be {@code length} bytes (its {@code Content-Length}): the buffer is
   * sized for it at once, within the limit, instead of growing by doubling (a 64 KiB body then
   * costs one 64 KiB array, not 8 + 16 + 32 + 64 KiB of them). Ignored once bytes were kept, for
   * unknown lengths and when disabled; a wrong hint costs at most the growth it would have saved.
   *
   * @param length the expected body length; 0 or less when unknown
   */
  public void expect(long length) {
    if (limit <= 0 || length <= 0 || this.length > 0) {
      return;
    }
    int size = (int) Math.min(limit, length);
    if (size > buffer.length) {
      buffer = new byte[size];
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      int grown = Math.max(256, buffer.length * 2);
      buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(grown, needed)));
    }
  }

  /**
   * Forgets every byte written so far (kept and counted), keeping the buffer for reuse. For an
   * adapter whose framework discarded an uncommitted response body ({@code reset()}, {@code
   * resetBuffer()}, {@code sendError}): what the client gets is only what is written afterwards.
   */
  public void reset() {
    length = 0;
    total = 0;
  }

  /** {@return bytes seen so far, including those past the limit} */
  public long totalBytes() {
    return total;
  }

  /** {@return true once more bytes went past than the limit keeps} */
  public boolean overLimit() {
    return total > length;
  }

  /** {@return true for {@link #omitting()}: no bytes were kept because the SDK was backlogged} */
  public boolean omitted() {
    return omitted;
  }

  /**
   * {@return the limit this capture was made with (-1 when disabled, 0 when {@linkplain #omitting() omitting})}
   */
  public int limit() {
    return limit;
  }

  /** {@return number of bytes kept} */
  public int length() {
    return length;
  }

  /**
   * The kept bytes; the array may be longer than {@link #length()}. Handed over without copying
   * once the exchange has ended, when nothing writes any more.
   *
   * @return the buffer holding the kept bytes
   */
  public byte[] buffer() {
    return buffer;
  }
}
