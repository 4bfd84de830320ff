package com.moesif.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The automatic user id (behaviour.md §4): JWT claim or Basic user from the authorization headers.
 *
 * <p>JWT signatures are not verified: the id is for analytics, not for access decisions, and the
 * SDK holds no keys. Unsigned tokens ({@code "alg": "none"}) are refused all the same, since
 * anyone can mint them.
 */
public final class UserIdExtractor {
  /** Longer credentials are not looked at: bounds decode and parse work per request. */
  static final int MAX_TOKEN_LENGTH = 8 * 1024;
  /** Distinct credentials remembered; at ~200 bytes each, well under a megabyte. */
  static final int MAX_CACHED = 4096;
  /** Cached "no user id" (the cache map cannot hold null values). */
  private static final String NO_USER = new String("");

  private final java.util.concurrent.ConcurrentHashMap<String, String> cache = new java.util.concurrent.ConcurrentHashMap<>();

  private final List<String> headerNames;
  private final String userIdField;
  private final String @Nullable [] fieldPath;

  public UserIdExtractor(List<String> headerNames, String userIdField) {
    this.headerNames = headerNames;
    this.userIdField = userIdField;
    this.fieldPath = userIdField.indexOf('.') > 0 ? userIdField.split("\\.", -1) : null;
  }

  /** The user id, or null; never throws on malformed input. */
  public @Nullable String extract(Function<String, @Nullable String> header) {
    try {
      for (String name : headerNames) {
        String value = header.apply(name);
        if (value != null) {
          return cached(value);
        }
      }
      return null;
    } catch (RuntimeException e) {
      return null; // a hostile token or a broken adapter getter must never fail the request
    }
  }

  /**
   * Clients send the same credential on every call, and decoding plus parsing a JWT costs a few
   * KB of garbage each time, so results (misses included) are memoised per extractor. The cache
   * is bounded: when full it is simply cleared, which keeps it O(1) without an LRU's locking.
   */
  private @Nullable String cached(String value) {
    if (value.length() > MAX_TOKEN_LENGTH + 16) {
      return null;
    }
    String hit = cache.get(value);
    if (hit != null) {
      return hit == NO_USER ? null : hit;
    }
    String id = fromValue(value);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(value, id == null ? NO_USER : id);
    return id;
  }

  private @Nullable String fromValue(String value) {
    int end = value.length();
    int scan = Math.min(end, MAX_TOKEN_LENGTH + 16);
    for (int i = 0; i < scan; i++) {
      if (value.charAt(i) == ',') {
        end = i;
        break;
      }
    }
    int start = HeaderText.skipSpace(value, 0, end);
    end = HeaderText.trimEnd(value, start, end);
    if (end - start > MAX_TOKEN_LENGTH || start == end) {
      return null;
    }
    int credentials = afterScheme(value, start, end, "Bearer");
    if (credentials >= 0) {
      return fromJwt(value.substring(credentials, end));
    }
    credentials = afterScheme(value, start, end, "Basic");
    if (credentials >= 0) {
      return fromBasic(value.substring(credentials, end));
    }
    String raw = value.substring(start, end);
    return looksLikeJwt(raw) ? fromJwt(raw) : null;
  }

  /** Where the credentials after {@code scheme} and its whitespace start, or -1 for another scheme. */
  private static int afterScheme(String s, int start, int end, String scheme) {
    int n = scheme.length();
    if (end - start <= n
        || !s.regionMatches(true, start, scheme, 0, n)
        || (s.charAt(start + n) != ' ' && s.charAt(start + n) != '\t')) {
      return -1;
    }
    int credentials = HeaderText.skipSpace(s, start + n, end);
    return credentials < end ? credentials : -1;
  }

  private static boolean looksLikeJwt(String token) {
    int dots = 0;
    int segmentLength = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (segmentLength == 0 && dots < 2) {
          return false;
        }
        dots++;
        segmentLength = 0;
      } else if (isBase64Char(c) || c == '=') {
        segmentLength++;
      } else {
        return false;
      }
    }
    return dots == 2;
  }

  private @Nullable String fromJwt(String token) {
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot <= firstDot + 1 || token.indexOf('.', secondDot + 1) >= 0) {
      return null; // not three segments (five would be an encrypted JWE, unreadable anyway)
    }
    JsonNode header = parseObject(token, 0, firstDot);
    if (header == null) {
      return null;
    }
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || alg.asText().trim().equalsIgnoreCase("none")) {
      return null;
    }
    JsonNode payload = parseObject(token, firstDot + 1, secondDot);
    return payload == null ? null : claim(payload);
  }

  private static @Nullable JsonNode parseObject(String token, int from, int to) {
    byte[] json = decodeBase64(token, from, to);
    if (json == null) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      return node != null && node.isObject() ? node : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private @Nullable String claim(JsonNode payload) {
    JsonNode value = field(payload, userIdField);
    if (value == null && fieldPath != null) {
      // Namespaced claims such as "https://example.com/user_id" hold dots, so the literal name was
      // tried first; only now are dots read as nesting.
      value = payload;
      for (String part : fieldPath) {
        value = field(value, part);
        if (value == null) {
          return null;
        }
      }
    }
    if (value == null || !(value.isTextual() || value.isNumber())) {
      return null;
    }
    String id = value.asText();
    return id.isBlank() ? null : id;
  }

  /** A field of an object node, preferring the exact name, else the first case-insensitive match. */
  private static @Nullable JsonNode field(JsonNode node, String name) {
    if (!node.isObject()) {
      return null;
    }
    JsonNode exact = node.get(name);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static @Nullable String fromBasic(String credentials) {
    byte[] decoded = decodeBase64(credentials, 0, credentials.length());
    if (decoded == null) {
      return null;
    }
    String userPass;
    try {
      userPass =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(decoded))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    int colon = userPass.indexOf(':');
    if (colon <= 0) {
      return null; // RFC 7617 needs "user:password"; without a colon it is not a credential
    }
    String user = userPass.substring(0, colon);
    return user.isBlank() ? null : user;
  }

  /**
   * Base64 in either alphabet (JWTs use the URL one, Basic the standard one; some clients mix them
   * up), padding optional. Validated up front so bad input costs no exception.
   */
  private static byte @Nullable [] decodeBase64(String s, int from, int to) {
    int end = to;
    while (end > from && to - end < 2 && s.charAt(end - 1) == '=') {
      end--;
    }
    int length = end - from;
    if (length == 0 || length % 4 == 1) {
      return null;
    }
    byte[] ascii = new byte[length];
    for (int i = 0; i < length; i++) {
      char c = s.charAt(from + i);
      if (!isBase64Char(c)) {
        return null;
      }
      ascii[i] = (byte) (c == '+' ? '-' : c == '/' ? '_' : c);
    }
    try {
      return Base64.getUrlDecoder().decode(ascii);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '+'
        || c == '/';
  }
}
