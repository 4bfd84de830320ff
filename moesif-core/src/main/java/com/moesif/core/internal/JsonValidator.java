package com.moesif.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Whether bytes are exactly one JSON value (RFC 8259) in well-formed UTF-8: one pass over the
 * bytes, no tokens, no decoded strings, no allocation. It decides whether a captured body is sent
 * as JSON (copied into the event as it is) or as base64, for every body on the shipper thread, so
 * it replaces a Jackson parse that decoded every string into a char buffer just to check its
 * UTF-8.
 *
 * <p>It is never more lenient than the Jackson parser the SDK re-reads bodies with (masking, the
 * {@code EventBody.value()} that hooks read): the same grammar, nesting bounded by {@link
 * Json#MAX_NESTING_DEPTH}, numbers of at most {@link #MAX_NUMBER_LENGTH} characters and field
 * names of at most {@link #MAX_NAME_BYTES} bytes (Jackson's default limits), and stricter UTF-8
 * (no overlong forms, no encoded surrogates, nothing past U+10FFFF), which the collector needs.
 */
public final class JsonValidator {
  /** Jackson's default {@code maxNumberLength}. */
  static final int MAX_NUMBER_LENGTH = 1000;
  /** Jackson's default {@code maxNameLength} is 50,000 characters; bytes are never fewer. */
  static final int MAX_NAME_BYTES = 50_000;

  private static final byte OBJECT = 1;
  private static final byte ARRAY = 2;
  /** Nesting depths kept as bits of one long. */
  private static final int SHALLOW = 64;
  private static final int FAIL = -1;

  /** Eight bytes of an array as one long, for {@link #plainAscii}. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private JsonValidator() {}

  /**
   * Whether none of the eight bytes of {@code x} needs a look of its own inside a string: each is
   * ASCII, at least 0x20, and neither {@code "} nor {@code \}. Word-at-a-time (the classic
   * "has a byte less than n" bit tricks, exact once no byte has its high bit set), so the long
   * plain runs that make up most strings cost an eighth of the byte loop.
   */
  static boolean plainAscii(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    long special = ((x - 0x20 * ONES) & ~x) | ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash);
    return ((special | x) & HIGH_BITS) == 0;
  }

  /** {@code b[p, p+8)} as a little-endian long; the caller checked there are eight bytes. */
  static long eightBytes(byte[] b, int p) {
    return (long) LONGS.get(b, p);
  }

  /** Whether {@code bytes[off, off+len)} is one JSON value, with only whitespace around it. */
  public static boolean isSingleValue(byte[] bytes, int off, int len) {
    return isSingleValue(bytes, off, len, Json.MAX_NESTING_DEPTH);
  }

  static boolean isSingleValue(byte[] b, int off, int len, int maxDepth) {
    final int end = off + len;
    // The open containers, innermost last: the first 64 as bits of a long (set: object), deeper
    // ones in an array made only for documents nested that deep, so a check allocates nothing.
    long objects = 0;
    byte @Nullable [] deep = null;
    int depth = 0;
    int p = whitespace(b, off, end);
    value:
    while (true) {
      if (p >= end) {
        return false;
      }
      switch (b[p]) {
        case '{' -> {
          if (depth == maxDepth) {
            return false;
          }
          if (depth < SHALLOW) {
            objects |= 1L << depth;
          } else {
            deep = push(deep, depth, maxDepth, OBJECT);
          }
          depth++;
          p = whitespace(b, p + 1, end);
          if (p < end && b[p] == '}') {
            depth--;
            p++;
          } else {
            p = member(b, p, end);
            if (p == FAIL) {
              return false;
            }
            continue value;
          }
        }
        case '[' -> {
          if (depth == maxDepth) {
            return false;
          }
          if (depth < SHALLOW) {
            objects &= ~(1L << depth);
          } else {
            deep = push(deep, depth, maxDepth, ARRAY);
          }
          depth++;
          p = whitespace(b, p + 1, end);
          if (p < end && b[p] == ']') {
            depth--;
            p++;
          } else {
            continue value;
          }
        }
        case '"' -> p = string(b, p, end, Integer.MAX_VALUE);
        case 't' -> p = literal(b, p, end, 't', 'r', 'u', 'e');
        case 'f' -> p = literal(b, p, end, 'f', 'a', 'l', 's', 'e');
        case 'n' -> p = literal(b, p, end, 'n', 'u', 'l', 'l');
        default -> p = number(b, p, end);
      }
      if (p == FAIL) {
        return false;
      }
      // After a value: close containers, or find the next element.
      while (true) {
        p = whitespace(b, p, end);
        if (depth == 0) {
          return p == end;
        }
        if (p >= end) {
          return false;
        }
        byte c = b[p];
        if (c == ',') {
          p = whitespace(b, p + 1, end);
          if (isObject(objects, deep, depth - 1)) {
            p = member(b, p, end);
            if (p == FAIL) {
              return false;
            }
          }
          continue value;
        }
        if (c == (isObject(objects, deep, depth - 1) ? '}' : ']')) {
          depth--;
          p++;
        } else {
          return false;
        }
      }
    }
  }

  /** Records the container opened at {@code depth} (64 or more) in {@code deep}, made on first use. */
  private static byte[] push(byte @Nullable [] deep, int depth, int maxDepth, byte kind) {
    byte[] stack = deep == null ? new byte[maxDepth - SHALLOW] : deep;
    stack[depth - SHALLOW] = kind;
    return stack;
  }

  private static boolean isObject(long objects, byte @Nullable [] deep, int depth) {
    return depth < SHALLOW ? (objects >>> depth & 1L) != 0 : deep[depth - SHALLOW] == OBJECT;
  }

  /** {@code "name" :} and the whitespace after it; the position of the member's value. */
  private static int member(byte[] b, int p, int end) {
    if (p >= end || b[p] != '"') {
      return FAIL;
    }
    p = string(b, p, end, MAX_NAME_BYTES);
    if (p == FAIL) {
      return FAIL;
    }
    p = whitespace(b, p, end);
    if (p >= end || b[p] != ':') {
      return FAIL;
    }
    return whitespace(b, p + 1, end);
  }

  /** The first position from {@code p} that is not JSON whitespace (space, tab, CR, LF), or {@code end}. */
  public static int whitespace(byte[] b, int p, int end) {
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      p++;
    }
    return p;
  }

  private static int literal(byte[] b, int p, int end, char... expected) {
    if (end - p < expected.length) {
      return FAIL;
    }
    for (char c : expected) {
      if (b[p++] != c) {
        return FAIL;
      }
    }
    return p;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}; the position after it. */
  private static int number(byte[] b, int p, int end) {
    int start = p;
    if (p < end && b[p] == '-') {
      p++;
    }
    if (p >= end) {
      return FAIL;
    }
    if (b[p] == '0') {
      p++;
    } else if (b[p] >= '1' && b[p] <= '9') {
      p = digits(b, p, end);
    } else {
      return FAIL;
    }
    if (p < end && b[p] == '.') {
      int q = digits(b, p + 1, end);
      if (q == p + 1) {
        return FAIL;
      }
      p = q;
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int q = digits(b, p, end);
      if (q == p) {
        return FAIL;
      }
      p = q;
    }
    return p - start > MAX_NUMBER_LENGTH ? FAIL : p;
  }

  private static int digits(byte[] b, int p, int end) {
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p;
  }

  /** A string from its opening quote: escapes checked, UTF-8 checked; the position after it. */
  private static int string(byte[] b, int p, int end, int maxBytes) {
    int start = ++p;
    while (p < end) {
      while (end - p >= 8 && plainAscii(eightBytes(b, p))) {
        p += 8;
      }
      if (p >= end) {
        break;
      }
      int c = b[p];
      if (c == '"') {
        return p - start > maxBytes ? FAIL : p + 1;
      }
      if (c == '\\') {
        if (++p >= end) {
          return FAIL;
        }
        switch (b[p]) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> p++;
          case 'u' -> {
            if (end - p < 5) {
              return FAIL;
            }
            for (int i = 1; i <= 4; i++) {
              if (Character.digit(b[p + i], 16) < 0) {
                return FAIL;
              }
            }
            p += 5;
          }
          default -> {
            return FAIL;
          }
        }
      } else if (c >= 0x20) {
        p++;
      } else if (c >= 0) {
        return FAIL; // a raw control character
      } else {
        p = utf8Sequence(b, p, end);
        if (p == FAIL) {
          return FAIL;
        }
      }
    }
    return FAIL;
  }

  /** One multi-byte UTF-8 sequence (RFC 3629 table 3-7); the position after it. */
  private static int utf8Sequence(byte[] b, int p, int end) {
    int lead = b[p] & 0xFF;
    int n;
    int min = 0x80;
    int max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      n = 2;
      if (lead == 0xE0) {
        min = 0xA0; // no overlong forms
      } else if (lead == 0xED) {
        max = 0x9F; // no UTF-16 surrogates
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      n = 3;
      if (lead == 0xF0) {
        min = 0x90;
      } else if (lead == 0xF4) {
        max = 0x8F; // nothing past U+10FFFF
      }
    } else {
      return FAIL;
    }
    if (end - p <= n) {
      return FAIL;
    }
    int second = b[p + 1] & 0xFF;
    if (second < min || second > max) {
      return FAIL;
    }
    for (int i = 2; i <= n; i++) {
      if ((b[p + i] & 0xC0) != 0x80) {
        return FAIL;
      }
    }
    return p + n + 1;
  }
}
