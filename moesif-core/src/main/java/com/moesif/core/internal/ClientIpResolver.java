package com.moesif.core.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client IP of a request (collector-api.md §5). Never resolves names.
 *
 * <p>Without trusted proxies (Moesif's behaviour): the first valid IP literal from the forwarding
 * headers in a fixed order, then the socket peer. With trusted proxies, a client must never choose
 * its recorded IP: an untrusted peer is the client; behind a trusted peer, first the single-value
 * headers the user says their proxy sets ({@code TRUSTED_PROXY_IP_HEADERS}, in the fixed order),
 * then the list headers ({@code X-Forwarded-For}, {@code X-Forwarded}, {@code Forwarded-For},
 * {@code Forwarded}) walked from the right, skipping trusted hops: the first untrusted hop is the
 * client (a hop that is not a valid literal ends the walk, as nothing left of it can be
 * believed); then the peer.
 *
 * <p>Without trusted proxies, every header value is read the same way: a comma-separated list (quotes respected) whose
 * elements are either a node ({@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code 2001:db8::1}, {@code
 * [2001:db8::1]:443}) or RFC 7239 pairs ({@code for=...;proto=...}); the first element giving a
 * valid literal wins. So {@code X-Forwarded: for=1.2.3.4} works like {@code Forwarded}, and
 * obfuscated or {@code unknown} nodes are skipped.
 */
public final class ClientIpResolver {
  /** In the order collector-api.md §5 gives. */
  private static final String[] HEADERS = {
    "X-Client-IP",
    "X-Forwarded-For",
    "CF-Connecting-IP",
    "Fastly-Client-IP",
    "True-Client-IP",
    "X-Real-IP",
    "X-Cluster-Client-IP",
    "X-Forwarded",
    "Forwarded-For",
    "Forwarded",
    "X-AppEngine-User-IP",
  };

  /**
   * Their lengths, compared before the names: every header of every request is ranked, and a
   * length that matches no candidate rejects a name without a case-insensitive comparison. Kept
   * in an array of their own because the ranking loop then reads plain ints
   * ({@code RequestPathBenchmark.clientIp} compares the variants).
   */
  private static final int[] HEADER_LENGTHS = new int[HEADERS.length];

  static {
    for (int i = 0; i < HEADERS.length; i++) {
      HEADER_LENGTHS[i] = HEADERS[i].length();
    }
  }

  /**
   * The headers proxies append hops to (walked from the right behind trusted proxies), as bits by
   * rank; every other header holds one value set by whoever sent it.
   */
  private static final int LIST_HEADERS = bit("X-Forwarded-For") | bit("X-Forwarded") | bit("Forwarded-For") | bit("Forwarded");

  /** The single-value headers {@code TRUSTED_PROXY_IP_HEADERS} may name. */
  public static final List<String> SINGLE_VALUE_HEADERS = singleValueHeaders();

  /** A header value may be huge and attacker-made: only this much of it is looked at... */
  static final int MAX_SCAN_CHARS = 8 * 1024;

  /** ...and only this many list elements. */
  static final int MAX_ELEMENTS = 64;

  /** Brackets, an IPv6 literal, a colon and the longest port {@link #isPort} takes. */
  private static final int MAX_NODE_LENGTH = IpAddresses.MAX_LITERAL_LENGTH + 3 + 16;

  private final IpAddresses.Cidr @Nullable [] trusted;
  /** Bits by rank of the single-value headers believed behind a trusted proxy. */
  private final int believed;

  /** @param trustedProxies IPs/CIDRs whose forwarding headers are believed; null believes all */
  public ClientIpResolver(@Nullable List<String> trustedProxies) {
    this(trustedProxies, List.of());
  }

  /**
   * @param trustedProxies IPs/CIDRs whose forwarding headers are believed; null believes all
   * @param believedHeaders single-value headers ({@link #SINGLE_VALUE_HEADERS}) the trusted proxies
   *     set, so believed behind them; the others are ignored there (a client could send them)
   */
  public ClientIpResolver(@Nullable List<String> trustedProxies, List<String> believedHeaders) {
    this.believed = believedBits(believedHeaders);
    if (trustedProxies == null) {
      this.trusted = null;
    } else {
      this.trusted = new IpAddresses.Cidr[trustedProxies.size()];
      for (int i = 0; i < trusted.length; i++) {
        IpAddresses.Cidr cidr = IpAddresses.parseCidr(trustedProxies.get(i));
        if (cidr == null) {
          ConfigKeys.checkCidr(trustedProxies.get(i)); // throws with the config's wording
        }
        trusted[i] = cidr;
      }
    }
  }

  /**
   * @param headerPairs every request header value as flat name/value pairs in arrival order (as
   *     {@code CapturedRequestView.headerPairs()} gives them): one pass finds each forwarding header's
   *     first value, instead of nine lookups through the framework for headers a request rarely has
   * @param remoteAddress the socket peer's address, or null
   */
  public @Nullable String resolve(String[] headerPairs, @Nullable String remoteAddress) {
    try {
      // A bit per forwarding header the request has, then each one's first value in rank order:
      // no allocation, and one cheap pass when, as usual, there is none.
      int present = 0;
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        int rank = rank(headerPairs[i]);
        if (rank >= 0 && headerPairs[i + 1] != null) {
          present |= 1 << rank;
        }
      }
      if (trusted != null) {
        String peer = peerLiteral(remoteAddress);
        if (!isTrusted(peer)) {
          return peer;
        }
        String ip = behindTrustedProxy(headerPairs, present);
        return ip != null ? ip : peer;
      }
      while (present != 0) {
        int rank = Integer.numberOfTrailingZeros(present);
        present &= present - 1;
        String value = firstValue(headerPairs, rank);
        String ip = value == null ? null : firstValid(value);
        if (ip != null) {
          return ip;
        }
      }
      return peerLiteral(remoteAddress);
    } catch (RuntimeException e) {
      return null; // a missing client IP is better than a failed request
    }
  }

  /** Behind a trusted peer: the believed single-value headers, then the list headers' walks. */
  private @Nullable String behindTrustedProxy(String[] headerPairs, int present) {
    int single = present & believed;
    while (single != 0) {
      int rank = Integer.numberOfTrailingZeros(single);
      single &= single - 1;
      String value = firstValue(headerPairs, rank);
      String ip = value == null ? null : firstValid(value);
      if (ip != null) {
        return ip;
      }
    }
    int lists = present & LIST_HEADERS;
    while (lists != 0) {
      int rank = Integer.numberOfTrailingZeros(lists);
      lists &= lists - 1;
      String ip = walkFromRight(headerPairs, rank);
      if (ip != null) {
        return ip;
      }
    }
    return null;
  }

  /**
   * The first untrusted hop of a list header, read from its right end (the hop our nearest proxy
   * appended) leftwards, across repeated lines from the last: each trusted hop passes the question
   * on to the one left of it. When every hop is trusted, the left-most is the client. A hop that
   * is not a valid literal, or the scan bounds, end the walk with null: what lies left of it
   * cannot be told from what the client wrote.
   */
  private @Nullable String walkFromRight(String[] headerPairs, int rank) {
    String leftmostTrusted = null;
    int elements = 0;
    for (int p = (headerPairs.length & ~1) - 2; p >= 0; p -= 2) {
      String name = headerPairs[p];
      String value = headerPairs[p + 1];
      if (name == null || value == null || name.length() != HEADER_LENGTHS[rank] || !HEADERS[rank].equalsIgnoreCase(name)) {
        continue;
      }
      int length = value.length();
      int floor = Math.max(0, length - MAX_SCAN_CHARS);
      int end = length;
      boolean quoted = false;
      for (int i = length - 1; i >= floor - 1; i--) {
        if (i >= floor) {
          char c = value.charAt(i);
          if (c == '"') {
            quoted = !quoted;
          }
          if (c != ',' || quoted) {
            continue;
          }
        } else if (floor > 0) {
          return null; // the element running past the cut may be a truncated address
        }
        if (HeaderText.skipSpace(value, i + 1, end) < end) {
          String ip = element(value, i + 1, end);
          if (ip == null) {
            return null;
          }
          if (!isTrusted(ip)) {
            return ip;
          }
          leftmostTrusted = ip;
          if (++elements == MAX_ELEMENTS) {
            return null;
          }
        }
        end = i;
      }
    }
    return leftmostTrusted;
  }

  /** The first non-null value of the forwarding header of rank {@code rank}. */
  private static @Nullable String firstValue(String[] headerPairs, int rank) {
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      String name = headerPairs[i];
      if (name != null && headerPairs[i + 1] != null && name.length() == HEADER_LENGTHS[rank]
          && HEADERS[rank].equalsIgnoreCase(name)) {
        return headerPairs[i + 1];
      }
    }
    return null;
  }

  /** Where {@code name} stands in {@link #HEADERS} (case-insensitive), or -1: lengths first, so most names cost an int compare each. */
  private static int rank(@Nullable String name) {
    if (name == null) {
      return -1;
    }
    int length = name.length();
    for (int rank = 0; rank < HEADERS.length; rank++) {
      if (HEADER_LENGTHS[rank] == length && HEADERS[rank].equalsIgnoreCase(name)) {
        return rank;
      }
    }
    return -1;
  }

  /**
   * Bits by rank of {@code names}.
   *
   * @throws IllegalArgumentException naming {@code TRUSTED_PROXY_IP_HEADERS} for a name that is
   *     not one of {@link #SINGLE_VALUE_HEADERS}
   */
  public static int believedBits(List<String> names) {
    int bits = 0;
    for (String name : names) {
      int rank = rank(name == null ? null : name.strip());
      if (rank < 0 || (LIST_HEADERS & (1 << rank)) != 0) {
        throw ConfigKeys.invalid(
            "TRUSTED_PROXY_IP_HEADERS",
            String.valueOf(name),
            "single-value client IP headers a trusted proxy sets, from " + SINGLE_VALUE_HEADERS
                + " (X-Forwarded-For and Forwarded are always walked from the right)");
      }
      bits |= 1 << rank;
    }
    return bits;
  }

  private static int bit(String name) {
    return 1 << rank(name);
  }

  private static List<String> singleValueHeaders() {
    List<String> names = new java.util.ArrayList<>();
    for (String name : HEADERS) {
      if ((LIST_HEADERS & bit(name)) == 0) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  private boolean isTrusted(@Nullable String peer) {
    if (peer == null) {
      return false;
    }
    byte[] address = IpAddresses.parse(peer);
    for (IpAddresses.Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Socket addresses come from the container, so they are taken in any usual shape: bracketed,
   * with a port, or with a zone id (which is local to this host and dropped).
   */
  static @Nullable String peerLiteral(@Nullable String remoteAddress) {
    if (remoteAddress == null) {
      return null;
    }
    String ip = node(remoteAddress, 0, remoteAddress.length());
    if (ip != null) {
      return ip;
    }
    int zone = remoteAddress.indexOf('%');
    if (zone > 0) {
      String withoutZone = remoteAddress.strip();
      zone = withoutZone.indexOf('%');
      withoutZone = withoutZone.charAt(0) == '['
          ? withoutZone.substring(1, zone)
          : withoutZone.substring(0, zone);
      return IpAddresses.parse(withoutZone) != null ? withoutZone : null;
    }
    return null;
  }

  /** The first element of a forwarding header that holds a valid literal, or null. */
  static @Nullable String firstValid(String value) {
    int length = value.length();
    boolean cut = length > MAX_SCAN_CHARS;
    int limit = cut ? MAX_SCAN_CHARS : length;
    int start = 0;
    int elements = 0;
    boolean quoted = false;
    for (int i = 0; i <= limit; i++) {
      if (i < limit) {
        char c = value.charAt(i);
        if (quoted && c == '\\' && i + 1 < limit) {
          i++;
          continue;
        }
        if (c == '"') {
          quoted = !quoted;
        }
        if (c != ',' || quoted) {
          continue;
        }
      } else if (cut) {
        break; // the element running past the cut may be a truncated address: never use it
      }
      String ip = element(value, start, i);
      if (ip != null) {
        return ip;
      }
      if (++elements == MAX_ELEMENTS) {
        return null;
      }
      start = i + 1;
    }
    return null;
  }

  /** One list element: RFC 7239 pairs when it has an {@code =}, else a bare node. */
  private static @Nullable String element(String s, int from, int to) {
    boolean quoted = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '=' && !quoted) {
        return forwardedFor(s, from, to);
      }
    }
    return node(s, from, to);
  }

  /** The node of the first {@code for=} pair of a {@code ;}-separated element, or null. */
  private static @Nullable String forwardedFor(String s, int from, int to) {
    int pairStart = from;
    boolean quoted = false;
    for (int i = from; i <= to; i++) {
      if (i < to) {
        char c = s.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        }
        if (c != ';' || quoted) {
          continue;
        }
      }
      int eq = indexOf(s, '=', pairStart, i);
      if (eq >= 0) {
        int nameStart = HeaderText.skipSpace(s, pairStart, eq);
        int nameEnd = HeaderText.trimEnd(s, nameStart, eq);
        if (nameEnd - nameStart == 3 && s.regionMatches(true, nameStart, "for", 0, 3)) {
          return node(s, eq + 1, i);
        }
      }
      pairStart = i + 1;
    }
    return null;
  }

  /**
   * A node as X-Forwarded-For and RFC 7239 write it, optionally quoted: an IPv4 literal with an
   * optional port, a bare IPv6 literal, or a bracketed IPv6 literal with an optional port. Returns
   * the address text without quotes, brackets or port.
   */
  static @Nullable String node(String s, int from, int to) {
    from = HeaderText.skipSpace(s, from, to);
    to = HeaderText.trimEnd(s, from, to);
    if (to - from >= 2 && s.charAt(from) == '"' && s.charAt(to - 1) == '"') {
      from++;
      to--;
    }
    if (from >= to || to - from > MAX_NODE_LENGTH) {
      return null;
    }
    if (s.charAt(from) == '[') {
      int close = indexOf(s, ']', from, to);
      if (close < 0) {
        return null;
      }
      byte[] address = IpAddresses.parse(s, from + 1, close);
      if (address == null || address.length != 16) {
        return null;
      }
      if (close + 1 < to && (s.charAt(close + 1) != ':' || !isPort(s, close + 2, to))) {
        return null;
      }
      return s.substring(from + 1, close);
    }
    if (IpAddresses.isLiteral(s, from, to)) {
      return s.substring(from, to);
    }
    // Only IPv4 may carry a port without brackets: in IPv6 the last group is not a port.
    int colon = indexOf(s, ':', from, to);
    if (colon > from && indexOf(s, ':', colon + 1, to) < 0) {
      byte[] address = IpAddresses.parse(s, from, colon);
      if (address != null && address.length == 4 && isPort(s, colon + 1, to)) {
        return s.substring(from, colon);
      }
    }
    return null;
  }

  /** Digits (1-5), or an RFC 7239 obfuscated port ({@code _abc}). */
  private static boolean isPort(String s, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 16) {
      return false;
    }
    if (s.charAt(from) == '_') {
      for (int i = from + 1; i < to; i++) {
        char c = s.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '_' || c == '-')) {
          return false;
        }
      }
      return length > 1;
    }
    if (length > 5) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
