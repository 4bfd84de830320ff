package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The built-in masks (behaviour.md §5), applied on a shipper thread before anything leaves the
 * process: header values by name; the values of secret-named fields in JSON bodies (any depth),
 * form bodies and the request URI's query; and card numbers in JSON strings and numbers, form
 * values and query values. Masked values become {@value EventBody#MASK}.
 *
 * <p>A body the masks must look inside but cannot parse (JSON that is malformed, nested too deep
 * or not UTF-8; a compressed JSON or form body that does not decompress) is withheld: the event
 * gets a note instead of the bytes, counted in {@code bodiesWithheld}. Sending it as base64 would
 * carry the very values the masks exist to remove.
 *
 * <p>A card number is a run of 13 to 19 digits, optionally grouped by single spaces or hyphens,
 * that starts with 2 to 6 (the card networks' issuer ranges) and passes the Luhn check. The first
 * digit keeps millisecond and microsecond timestamps, which start with 1, from being masked.
 */
public final class Masks {
  /** No masks: what the request-thread hooks see, and what {@code MASK_RECOMMENDED=false} with no names gives. */
  public static final Masks NONE = new Masks(Set.of(), Set.of(), false, null, null);

  private static final int MIN_CARD_DIGITS = 13;
  private static final int MAX_CARD_DIGITS = 19;

  /** Lower-cased header names. */
  private final Set<String> headers;
  /** Field names as {@link #normalize} gives them. */
  private final Set<String> fields;
  /** The {@link String#hashCode} of each of {@link #fields}, sorted: what {@link #mayNeedMasking} looks names up in. */
  private final int[] fieldHashes;
  private final boolean cards;
  private final @Nullable Counters counters;
  private final @Nullable OnceLogger onceLogger;

  private Masks(
      Set<String> headers,
      Set<String> fields,
      boolean cards,
      @Nullable Counters counters,
      @Nullable OnceLogger onceLogger) {
    this.headers = headers;
    this.fields = fields;
    this.fieldHashes = fields.stream().mapToInt(String::hashCode).sorted().toArray();
    this.cards = cards;
    this.counters = counters;
    this.onceLogger = onceLogger;
  }

  /** The masks {@code config} asks for; withheld bodies are counted in {@code counters} and logged once. */
  public static Masks of(MoesifConfig config, Counters counters, OnceLogger onceLogger) {
    Set<String> headers = new HashSet<>(config.maskedHeaders());
    Set<String> fields = new HashSet<>();
    for (String name : config.maskedBodyFields()) {
      fields.add(normalize(name));
    }
    if (config.maskRecommended()) {
      headers.addAll(MoesifConfig.RECOMMENDED_MASKED_HEADERS);
      for (String name : MoesifConfig.RECOMMENDED_MASKED_BODY_FIELDS) {
        fields.add(normalize(name));
      }
    }
    return new Masks(Set.copyOf(headers), Set.copyOf(fields), config.maskRecommended(), counters, onceLogger);
  }

  /** Whether there are header names to mask. */
  boolean masksHeaders() {
    return !headers.isEmpty();
  }

  /** Whether the header of this lower-cased name is masked. */
  boolean header(String lowerCaseName) {
    return headers.contains(lowerCaseName);
  }

  /** Whether bodies and query strings are looked inside. */
  boolean masksContent() {
    return cards || !fields.isEmpty();
  }

  /** Lower case, without {@code _} and {@code -}: {@code access_token}, {@code accessToken} and {@code Access-Token} are one name. */
  static String normalize(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.indexOf('_') < 0 && lower.indexOf('-') < 0) {
      return lower;
    }
    StringBuilder out = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c != '_' && c != '-') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private boolean isMaskedField(String name) {
    return !fields.isEmpty() && fields.contains(normalize(name));
  }

  // ---------------------------------------------------------------- URI

  /** {@code uri} with the values of masked query parameters (and query values holding a card number) masked. */
  public String uri(String uri) {
    if (!masksContent()) {
      return uri;
    }
    int query = uri.indexOf('?');
    if (query < 0) {
      return uri;
    }
    int fragment = uri.indexOf('#', query);
    int end = fragment < 0 ? uri.length() : fragment;
    String masked = maskPairs(uri, query + 1, end, false);
    return masked == null ? uri : masked;
  }

  /**
   * The {@code name=value&...} text in {@code text[from, to)} with masked values replaced, as the
   * whole of {@code text}; null when nothing is masked. Names are percent- and plus-decoded to be
   * matched; everything not masked is kept exactly as it was.
   *
   * @param latin1 each char is one byte (a form body read as ISO-8859-1); otherwise chars past
   *     ASCII are decoded as themselves (a URI string)
   */
  private @Nullable String maskPairs(String text, int from, int to, boolean latin1) {
    StringBuilder out = null;
    int copied = 0;
    int start = from;
    while (start <= to) {
      int amp = text.indexOf('&', start);
      int pairEnd = amp < 0 || amp > to ? to : amp;
      int eq = start;
      while (eq < pairEnd && text.charAt(eq) != '=') {
        eq++;
      }
      if (eq + 1 < pairEnd) {
        boolean mask = isMaskedField(decode(text, start, eq, latin1));
        // decoding never makes a value longer: a short one cannot hold a card number
        if (!mask && cards && pairEnd - eq - 1 >= MIN_CARD_DIGITS) {
          mask = containsCard(decode(text, eq + 1, pairEnd, latin1));
        }
        if (mask) {
          if (out == null) {
            out = new StringBuilder(text.length());
          }
          out.append(text, copied, eq + 1).append(EventBody.MASK);
          copied = pairEnd;
        }
      }
      start = pairEnd + 1;
    }
    if (out == null) {
      return null;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** Percent- and plus-decoded {@code s[from, to)} as UTF-8; malformed escapes are kept as they are. */
  static String decode(String s, int from, int to, boolean latin1) {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      char c = s.charAt(i);
      plain = c != '%' && c != '+' && (c < 0x80 || !latin1);
    }
    if (plain) {
      return s.substring(from, to);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int hi;
      int lo;
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%' && i + 2 < to
          && (hi = Character.digit(s.charAt(i + 1), 16)) >= 0
          && (lo = Character.digit(s.charAt(i + 2), 16)) >= 0) {
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80 || latin1) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- bodies

  /**
   * What the event reports for decoded body bytes: as {@link EventBody#of}, then masked; a note
   * instead when the masks must look inside but cannot parse the bytes.
   */
  EventBody body(byte[] bytes, int length, @Nullable String contentType, long total) {
    EventBody plain = EventBody.of(bytes, length, contentType);
    if (!masksContent()) {
      return plain;
    }
    if (plain.isJson()) {
      int off = hasUtf8Bom(bytes, length) ? 3 : 0;
      try {
        byte[] masked = maskJson(bytes, off, length - off);
        return masked == null ? plain : EventBody.of(masked, masked.length, "application/json");
      } catch (IOException | RuntimeException e) {
        // The validator accepted what the parser refuses: never send what could not be masked.
        return withheld(total, "it could not be parsed as JSON");
      }
    }
    if (isForm(contentType)) {
      String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      String masked = maskPairs(text, 0, text.length(), true);
      return masked == null ? plain : EventBody.base64(masked.getBytes(StandardCharsets.ISO_8859_1));
    }
    if (EventBody.isJsonMediaType(contentType) || looksLikeJson(bytes, length)) {
      return withheld(total, "it is not JSON the masks can parse (malformed, nested deeper than "
          + Json.MAX_NESTING_DEPTH + " levels, or not UTF-8)");
    }
    return plain;
  }

  /**
   * The note for a body whose {@code Content-Encoding} could not be decoded, when the masks would
   * have had to look inside it; null when the compressed bytes may be sent as they are.
   */
  @Nullable EventBody undecodable(@Nullable String contentType, long total, String encoding) {
    if (!masksContent() || !(EventBody.isJsonMediaType(contentType) || isForm(contentType))) {
      return null;
    }
    return withheld(total, "its " + encoding + " encoding could not be decoded for masking");
  }

  private EventBody withheld(long total, String why) {
    String message = "body of " + total + " bytes withheld: " + why;
    if (counters != null) {
      counters.bodiesWithheld.increment();
    }
    if (onceLogger != null) {
      onceLogger.warn("masks:withheld", "Moesif: a " + message + "; such bodies are replaced by a note"
          + " (MASK_RECOMMENDED=false with no MASK_BODY_FIELDS sends them as they are)", null);
    }
    return EventBody.note(message);
  }

  static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("application/x-www-form-urlencoded");
  }

  static boolean hasUtf8Bom(byte[] bytes, int length) {
    return length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
  }

  /** An object or array by its first byte (after a BOM and whitespace), whatever the content type says. */
  private static boolean looksLikeJson(byte[] bytes, int length) {
    int p = JsonValidator.whitespace(bytes, hasUtf8Bom(bytes, length) ? 3 : 0, length);
    return p < length && (bytes[p] == '{' || bytes[p] == '[');
  }

  /** The masked JSON text, or null when nothing in it is masked (the common case: one parse, no copy). */
  private byte @Nullable [] maskJson(byte[] bytes, int off, int len) throws IOException {
    if (!mayNeedMasking(bytes, off, len) || !needsMasking(bytes, off, len)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16);
    try (JsonParser in = Json.FACTORY.createParser(bytes, off, len);
        JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
      JsonToken token;
      while ((token = in.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME -> {
            gen.writeFieldName(in.currentName());
            if (isMaskedField(in.currentName())) {
              in.nextToken();
              in.skipChildren();
              gen.writeString(EventBody.MASK);
            }
          }
          case VALUE_STRING -> {
            if (cards) {
              gen.writeString(maskCards(in.getText()));
            } else {
              gen.copyCurrentEvent(in);
            }
          }
          case VALUE_NUMBER_INT -> {
            if (cards && isCardNumber(in)) {
              gen.writeString(EventBody.MASK);
            } else {
              gen.copyCurrentEventExact(in);
            }
          }
          default -> gen.copyCurrentEventExact(in);
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * False only when {@link #needsMasking} would be false too, from the raw bytes of validated
   * JSON without a parser: most bodies have no secret-named field and no card number, and this
   * byte loop costs a fraction of the parse that would say so. Without a backslash in the text,
   * every quote opens or closes a string and a string's bytes are its UTF-8 value, so a field
   * name is a string followed by {@code :} and can be matched as it is; any backslash (an escaped
   * name or digit) answers true and leaves it to the parser. For card numbers it answers true at
   * any run of 13 digits, counting single spaces and hyphens between digits as part of the run,
   * wherever it is (a string, a number, a name): every card number is such a run.
   */
  boolean mayNeedMasking(byte[] b, int off, int len) {
    int end = off + len;
    boolean names = !fields.isEmpty();
    int digits = 0;
    int stringStart = -1;
    boolean nonAscii = false;
    for (int i = off; i < end; i++) {
      if (end - i >= 8 && inertAscii(JsonValidator.eightBytes(b, i))) {
        // No digit, quote, backslash or non-ASCII byte: nothing to see, and a run of digits ends.
        digits = 0;
        i += 7;
        continue;
      }
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        if (++digits >= MIN_CARD_DIGITS && cards) {
          return true;
        }
        continue;
      }
      if ((c == ' ' || c == '-') && digits > 0 && i + 1 < end && b[i + 1] >= '0' && b[i + 1] <= '9') {
        continue; // a separator inside a grouped card number
      }
      digits = 0;
      if (c == '\\') {
        return true;
      }
      if (c == '"') {
        if (stringStart < 0) {
          stringStart = i + 1;
          nonAscii = false;
        } else {
          if (names && isName(b, i + 1, end) && mayBeMaskedName(b, stringStart, i, nonAscii)) {
            return true;
          }
          stringStart = -1;
        }
      } else if (c < 0) {
        nonAscii = true;
      }
    }
    return false;
  }

  private static final long ONES = 0x0101010101010101L;

  /**
   * Whether none of the eight bytes of {@code x} is a digit, a quote, a backslash or non-ASCII
   * (word-at-a-time "has a zero byte" and "has a byte between m and n" bit tricks, both exact once
   * no byte has its high bit set).
   */
  static boolean inertAscii(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    long digit = ((127 + ':') * ONES - x) & ~x & (x + (127 - '/') * ONES);
    long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | digit;
    return ((special | x) & 0x8080808080808080L) == 0;
  }

  /** Whether the string that closed just before {@code p} is a field name: a colon follows it. */
  private static boolean isName(byte[] b, int p, int end) {
    p = JsonValidator.whitespace(b, p, end);
    return p < end && b[p] == ':';
  }

  /**
   * Whether the unescaped name {@code b[from, to)} may be masked: ASCII names by the hash of their
   * {@link #normalize}d form (no allocation; a collision only costs the parse), others decoded.
   */
  private boolean mayBeMaskedName(byte[] b, int from, int to, boolean nonAscii) {
    if (nonAscii) {
      // Locale.ROOT lower-casing maps some non-ASCII letters to ASCII (the Kelvin sign to k).
      return isMaskedField(new String(b, from, to - from, StandardCharsets.UTF_8));
    }
    int hash = 0;
    for (int i = from; i < to; i++) {
      int c = b[i];
      if (c == '_' || c == '-') {
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      hash = 31 * hash + c;
    }
    return Arrays.binarySearch(fieldHashes, hash) >= 0;
  }

  /** Whether the parsed JSON holds a masked field name or a card number (a string or an integer). */
  boolean needsMasking(byte[] bytes, int off, int len) throws IOException {
    try (JsonParser in = Json.FACTORY.createParser(bytes, off, len)) {
      JsonToken token;
      while ((token = in.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME -> {
            if (isMaskedField(in.currentName())) {
              return true;
            }
          }
          case VALUE_STRING -> {
            if (cards && in.getTextLength() >= MIN_CARD_DIGITS
                && containsCard(in.getTextCharacters(), in.getTextOffset(), in.getTextLength())) {
              return true;
            }
          }
          case VALUE_NUMBER_INT -> {
            if (cards && isCardNumber(in)) {
              return true;
            }
          }
          default -> {}
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- card numbers

  private static boolean isCardNumber(JsonParser in) throws IOException {
    int length = in.getTextLength();
    return length >= MIN_CARD_DIGITS && length <= MAX_CARD_DIGITS && isCardNumber(in.getText());
  }

  /** Whether {@code text} is, as a whole, a card number's digits. */
  static boolean isCardNumber(String text) {
    int n = text.length();
    if (n < MIN_CARD_DIGITS || n > MAX_CARD_DIGITS) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return cardEnd(text.toCharArray(), 0, n) == n;
  }

  static boolean containsCard(String text) {
    return text.length() >= MIN_CARD_DIGITS && containsCard(text.toCharArray(), 0, text.length());
  }

  private static boolean containsCard(char[] c, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (isDigit(c[i]) && (i == off || !isDigit(c[i - 1])) && cardEnd(c, i, end) > 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with each card number replaced by {@value EventBody#MASK}. */
  static String maskCards(String text) {
    if (text.length() < MIN_CARD_DIGITS) {
      return text;
    }
    char[] c = text.toCharArray();
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < c.length; i++) {
      if (isDigit(c[i]) && (i == 0 || !isDigit(c[i - 1]))) {
        int end = cardEnd(c, i, c.length);
        if (end > 0) {
          if (out == null) {
            out = new StringBuilder(c.length);
          }
          out.append(c, copied, i - copied).append(EventBody.MASK);
          copied = end;
          i = end - 1;
        }
      }
    }
    return out == null ? text : out.append(c, copied, c.length - copied).toString();
  }

  /**
   * Where the longest card number that starts at {@code c[start]} (a digit not preceded by one)
   * ends, or -1: digits in groups separated by one space or hyphen, 13 to 19 of them, ending
   * where a group ends.
   */
  private static int cardEnd(char[] c, int start, int end) {
    int[] digits = new int[MAX_CARD_DIGITS];
    int count = 0;
    int best = -1;
    int i = start;
    while (i < end) {
      if (isDigit(c[i])) {
        if (count == MAX_CARD_DIGITS) {
          break; // the group runs past the longest card number
        }
        digits[count++] = c[i] - '0';
        i++;
        boolean groupEnds = i >= end || !isDigit(c[i]);
        if (groupEnds && count >= MIN_CARD_DIGITS && isCard(digits, count)) {
          best = i;
        }
      } else if ((c[i] == ' ' || c[i] == '-') && i + 1 < end && isDigit(c[i + 1])) {
        i++;
      } else {
        break;
      }
    }
    return best;
  }

  private static boolean isCard(int[] digits, int count) {
    if (digits[0] < 2 || digits[0] > 6) {
      return false;
    }
    int sum = 0;
    for (int k = 0; k < count; k++) {
      int d = digits[count - 1 - k];
      if ((k & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
