package com.moesif.core.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Strict IP literal parsing without name resolution. Used on the request path (client IP), so
 * bad input costs no exception and no regex: anything that is not a literal gives null.
 *
 * <p>IPv4 is a dotted quad of exactly four decimal parts 0-255 without leading zeros (a leading
 * zero means octal to some parsers, so {@code 010.0.0.1} is ambiguous and rejected). IPv6 follows
 * RFC 4291 text forms, {@code ::} and an embedded IPv4 tail included; zone ids ({@code %eth0}) are
 * rejected because they only mean something on the host that wrote them.
 */
public final class IpAddresses {
  /** Longest IPv6 literal text ({@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}). */
  public static final int MAX_LITERAL_LENGTH = 45;

  private IpAddresses() {}

  /** The 4 or 16 address bytes of an IP literal, or null when {@code text} is not one. */
  public static byte @Nullable [] parse(@Nullable String text) {
    return text == null ? null : parse(text, 0, text.length());
  }

  /** As {@link #parse(String)} for {@code text[from, to)}. */
  public static byte @Nullable [] parse(String text, int from, int to) {
    if (!plausibleLength(text, from, to)) {
      return null;
    }
    if (hasColon(text, from, to)) {
      return parseV6(text, from, to);
    }
    byte[] out = new byte[4];
    return parseV4(text, from, to, out, 0) ? out : null;
  }

  /** Whether {@code text} is an IPv4 or IPv6 literal. */
  public static boolean isLiteral(@Nullable String text) {
    return text != null && isLiteral(text, 0, text.length());
  }

  /**
   * As {@link #isLiteral(String)} for {@code text[from, to)}; an IPv4 literal is checked without
   * allocating (the client IP check runs for every captured request).
   */
  public static boolean isLiteral(String text, int from, int to) {
    if (!plausibleLength(text, from, to)) {
      return false;
    }
    return hasColon(text, from, to) ? parseV6(text, from, to) != null : parseV4(text, from, to, null, 0);
  }

  private static boolean plausibleLength(String text, int from, int to) {
    int length = to - from;
    return from >= 0 && to <= text.length() && length >= 2 && length <= MAX_LITERAL_LENGTH;
  }

  /** Only IPv6 text has a colon. */
  private static boolean hasColon(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == ':') {
        return true;
      }
    }
    return false;
  }

  /** Parses into {@code out} at {@code offset}, or only checks when {@code out} is null. */
  private static boolean parseV4(String s, int from, int to, byte @Nullable [] out, int offset) {
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 3) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      if (out != null) {
        out[offset + part] = (byte) value;
      }
      part++;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return i == to;
  }

  private static byte @Nullable [] parseV6(String s, int from, int to) {
    byte[] out = new byte[16];
    int groups = 0;
    int gap = -1; // group index where "::" stands
    int i = from;
    if (s.charAt(i) == ':') {
      if (s.charAt(i + 1) != ':') {
        return null;
      }
      gap = 0;
      i += 2;
      if (i == to) {
        return out;
      }
    }
    while (true) {
      int start = i;
      int value = 0;
      while (i < to) {
        int digit = hexDigit(s.charAt(i));
        if (digit < 0) {
          break;
        }
        value = (value << 4) | digit;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        if (groups > 6 || !parseV4(s, start, to, out, groups * 2)) {
          return null;
        }
        groups += 2;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || groups == 8) {
        return null;
      }
      out[groups * 2] = (byte) (value >>> 8);
      out[groups * 2 + 1] = (byte) value;
      groups++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = groups;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return null;
      }
    }
    if (gap < 0) {
      return groups == 8 ? out : null;
    }
    if (groups == 8) {
      return null; // "::" must stand for at least one zero group
    }
    int tailBytes = (groups - gap) * 2;
    System.arraycopy(out, gap * 2, out, 16 - tailBytes, tailBytes);
    Arrays.fill(out, gap * 2, 16 - tailBytes, (byte) 0);
    return out;
  }

  // Character.digit would also accept non-ASCII digits, which no address text may contain.
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * An IP literal or CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code ::1}), or null.
   * Surrounding whitespace is ignored; host bits beyond the prefix are ignored.
   */
  public static @Nullable Cidr parseCidr(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    byte[] address = parse(s, 0, slash < 0 ? s.length() : slash);
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      int digits = s.length() - slash - 1;
      if (digits < 1 || digits > 3) {
        return null;
      }
      prefix = 0;
      for (int i = slash + 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
        prefix = prefix * 10 + (c - '0');
      }
      if (prefix > bits) {
        return null;
      }
    }
    return new Cidr(address, prefix);
  }

  /** An address range; addresses are compared bitwise, IPv4-mapped IPv6 matching its IPv4 form. */
  public static final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    Cidr(byte[] network, int prefixLength) {
      this.network = network.clone();
      this.prefixLength = prefixLength;
    }

    public int prefixLength() {
      return prefixLength;
    }

    /** Whether {@code address} (as returned by {@link #parse(String)}) lies in this range. */
    public boolean contains(byte @Nullable [] address) {
      if (address == null) {
        return false;
      }
      byte[] a = address;
      if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
        a = Arrays.copyOfRange(a, 12, 16);
      } else if (a.length == 4 && network.length == 16) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(a, 0, mapped, 12, 4);
        a = mapped;
      }
      if (a.length != network.length) {
        return false;
      }
      int whole = prefixLength / 8;
      for (int i = 0; i < whole; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixLength % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[whole] & mask) == (network[whole] & mask);
    }

    private static boolean isV4Mapped(byte[] a) {
      for (int i = 0; i < 10; i++) {
        if (a[i] != 0) {
          return false;
        }
      }
      return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }
  }
}
