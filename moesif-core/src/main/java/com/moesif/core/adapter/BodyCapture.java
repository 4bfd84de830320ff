package com.moesif.core.adapter;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A bounded copy of a body as it streams past: adapters call {@link #write} with every chunk the
 * application reads or writes, and at most {@code limit} bytes are kept (the buffer grows by
 * doubling up to the limit, never beyond). The total length keeps counting past the limit so the
 * event can say how large the body was. Not thread-safe: one body is read or written by one
 * thread at a time, which the containers guarantee.
 */
public final class BodyCapture {
  private static final byte[] EMPTY = new byte[0];
  private static final BodyCapture DISABLED = new BodyCapture(-1, false, null);

  /**
   * A memory budget that captures reserve their buffers from while their call is in flight (the
   * engine's, one per SDK instance). Implementations are thread-safe.
   */
  public interface Budget {
    /** {@return true when nothing more may be reserved: new bodies are then counted, not copied} */
    boolean full();

    /**
     * Reserves {@code bytes}.
     *
     * @param bytes how many
     * @return false (and nothing reserved) past the budget
     */
    boolean reserve(long bytes);

    /**
     * Gives back bytes reserved earlier.
     *
     * @param bytes how many
     */
    void release(long bytes);
  }

  private final int limit;
  /**
   * Keeps nothing, counts, and the event says why: made while the SDK was over a memory budget, or
   * turned so when its buffer could not grow within {@link #budget}.
   */
  private boolean omitted;
  private final @Nullable Budget budget;
  /** What this capture's buffer holds of {@link #budget}. */
  private long reserved;
  private boolean released;
  private byte[] buffer = EMPTY;
  private int length;
  private long total;

  private BodyCapture(int limit, boolean omitted, @Nullable Budget budget) {
    this.limit = limit;
    this.omitted = omitted;
    this.budget = budget;
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
    return new BodyCapture(limit, false, null);
  }

  /**
   * As {@link #bounded(int)}, its buffer reserved from {@code budget} as it grows: when the budget
   * is already used up this gives an {@linkplain #omitting() omitting} capture, and when a buffer
   * cannot grow within it the capture lets its bytes go and goes on counting only. The reservation
   * ends with {@link #release()}, which the engine calls when the call ends.
   *
   * @param limit the most bytes kept
   * @param budget the budget the buffer is reserved from
   * @return the capture
   */
  public static BodyCapture bounded(int limit, Budget budget) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    return limit > 0 && budget.full() ? omitting() : new BodyCapture(limit, false, budget);
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
    return new BodyCapture(0, true, null);
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
    if (length < limit && !omitted && ensureCapacity(length + 1)) {
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
    int keep = omitted ? 0 : Math.min(len, limit - length);
    if (keep > 0 && ensureCapacity(length + keep)) {
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
    int keep = omitted ? 0 : Math.min(len, limit - length);
    if (keep > 0 && ensureCapacity(length + keep)) {
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
    if (limit <= 0 || length <= 0 || this.length > 0 || omitted) {
      return;
    }
    int size = (int) Math.min(limit, length);
    if (size > buffer.length && reserve(size - buffer.length)) {
      buffer = new byte[size];
    }
  }

  /** False when the buffer could not grow within the memory budget (the capture then omits). */
  private boolean ensureCapacity(int needed) {
    if (needed > buffer.length) {
      int grown = Math.min(limit, Math.max(Math.max(256, buffer.length * 2), needed));
      if (!reserve(grown - buffer.length)) {
        release();
        buffer = EMPTY;
        length = 0;
        omitted = true;
        return false;
      }
      buffer = Arrays.copyOf(buffer, grown);
    }
    return true;
  }

  private boolean reserve(long bytes) {
    if (budget == null || released) {
      return true; // after release the bytes are the event's, not the in-flight budget's
    }
    if (!budget.reserve(bytes)) {
      return false;
    }
    reserved += bytes;
    return true;
  }

  /**
   * Ends this capture's claim on its memory budget (a no-op without one, or when called again):
   * the engine calls it when the call ends, as the bytes then belong to the event, counted against
   * the queue's budget, or are let go.
   */
  public void release() {
    released = true;
    Budget m = budget;
    long r = reserved;
    if (m != null && r != 0) {
      reserved = 0;
      m.release(r);
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

  /**
   * {@return true for {@link #omitting()}, and for a capture whose buffer could not grow within its
   * memory budget: no bytes were kept because the SDK was backlogged or over its memory budget}
   */
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
