package com.moesif.core.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into as UTF-8, for the shipper's hot path: no
 * generator state, no intermediate char buffers. Strings take a tight loop while they are plain
 * ASCII (header names and values, URIs, ids, base64) and fall back to escaping and UTF-8 encoding
 * per character otherwise. An {@link OutputStream} too, so Jackson can write the rare parts
 * (metadata, bodies that must be transcoded) into the same buffer.
 *
 * <p>Escapes follow Jackson's defaults (short forms for {@code \b \t \n \f \r}, {@code \\u00XX} for
 * the other control characters, {@code "} and {@code \\}), so the wire JSON is what the Jackson
 * generator wrote before. Unlike Jackson, an unpaired surrogate becomes U+FFFD instead of failing
 * the whole event.
 */
final class JsonBuffer extends OutputStream {
  /** A buffer grown past this (an event with large bodies) is not kept for the next batch. */
  private static final int MAX_RETAINED = 1 << 20;
  static final int INITIAL = 16 * 1024;
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  /** 0: copy as is; a letter: its short escape; 'u': {@code \\u00XX}. ASCII only. */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  byte[] buf = new byte[INITIAL];
  int count;
  /**
   * Doubling stops here (it still grows to whatever is needed): a batch buffer need not be much
   * larger than the largest batch, and a capacity of 2x an 8 MB batch would be ~8 MB held for nothing.
   */
  private int growthCap = Integer.MAX_VALUE;

  /** Caps growth by doubling at {@code bytes} (see {@link #growthCap}). */
  void growthCap(int bytes) {
    growthCap = Math.max(INITIAL, bytes);
  }

  int size() {
    return count;
  }

  /**
   * Forgets the content. A buffer grown past {@value #MAX_RETAINED} bytes is kept while batches
   * fill at least a quarter of it, and let go of after a batch that does not: regrowing it by
   * doubling for every batch of large bodies allocated about twice each batch (8 MB batches of
   * 64 KiB bodies: ~200 KB per event).
   */
  void clear() {
    if (buf.length > MAX_RETAINED && count < buf.length / 4) {
      buf = new byte[INITIAL];
    }
    count = 0;
  }

  /** Drops everything written from {@code position} on. */
  void truncate(int position) {
    count = position;
  }

  private void ensure(int more) {
    int needed = count + more;
    if (needed < 0) {
      throw new OutOfMemoryError("JSON buffer over 2 GB");
    }
    if (needed > buf.length) {
      int doubled = buf.length < (1 << 29) ? buf.length * 2 : Integer.MAX_VALUE - 16;
      buf = Arrays.copyOf(buf, Math.max(needed, Math.min(doubled, growthCap)));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  void raw(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  /** A pre-encoded fragment (field names and punctuation), ASCII. */
  static byte[] ascii(String fragment) {
    return fragment.getBytes(StandardCharsets.US_ASCII);
  }

  void number(long value) {
    if (value == Long.MIN_VALUE) {
      raw(ascii(Long.toString(value)));
      return;
    }
    ensure(20);
    long v = value;
    if (v < 0) {
      buf[count++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = count + digits;
    count = p;
    do {
      buf[--p] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
  }

  /** 24 ASCII characters from a formatter's scratch array, quoted. */
  void quotedAscii(char[] chars, int len) {
    ensure(len + 2);
    byte[] b = buf;
    int p = count;
    b[p++] = '"';
    for (int i = 0; i < len; i++) {
      b[p++] = (byte) chars[i];
    }
    b[p++] = '"';
    count = p;
  }

  /** {@code value} as a quoted, escaped JSON string. */
  void string(String value) {
    int len = value.length();
    ensure(len + 2);
    byte[] b = buf;
    int p = count;
    b[p++] = '"';
    int i = 0;
    for (; i < len; i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || ESCAPES[c] != 0) {
        break;
      }
      b[p + i] = (byte) c;
    }
    if (i == len) {
      b[p + len] = '"';
      count = p + len + 1;
      return;
    }
    count = p + i;
    escapedTail(value, i, len);
    write('"');
  }

  /** The rest of a string from its first character that needs escaping or is not ASCII. */
  private void escapedTail(String value, int from, int len) {
    for (int i = from; i < len; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        byte escape = ESCAPES[c];
        if (escape == 0) {
          write(c);
        } else if (escape == 'u') {
          ensure(6);
          buf[count++] = '\\';
          buf[count++] = 'u';
          buf[count++] = '0';
          buf[count++] = '0';
          buf[count++] = HEX[c >> 4];
          buf[count++] = HEX[c & 0xF];
        } else {
          ensure(2);
          buf[count++] = '\\';
          buf[count++] = escape;
        }
      } else if (c < 0x800) {
        ensure(2);
        buf[count++] = (byte) (0xC0 | (c >> 6));
        buf[count++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        ensure(4);
        buf[count++] = (byte) (0xF0 | (cp >> 18));
        buf[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[count++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // An unpaired surrogate has no UTF-8 form: U+FFFD keeps the rest of the event.
        char ch = Character.isSurrogate(c) ? '\uFFFD' : c;
        ensure(3);
        buf[count++] = (byte) (0xE0 | (ch >> 12));
        buf[count++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
        buf[count++] = (byte) (0x80 | (ch & 0x3F));
      }
    }
  }
}
