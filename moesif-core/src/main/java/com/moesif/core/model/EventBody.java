package com.moesif.core.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.moesif.core.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A captured body as the collector receives it: a JSON value ({@code transfer_encoding: "json"})
 * or a base64 string of the raw bytes ({@code "base64"}). Immutable: JSON is kept as validated
 * UTF-8 text. A {@code maskEvent} hook reads it as text ({@link #jsonText()}), as bytes ({@link
 * #bytes()}) or as plain Java values ({@link #value()}, a fresh copy each call), and makes a new
 * one with {@link #json(String)} or {@link #fromValue(Object)}.
 */
public final class EventBody {
  /** Value that masked header values and body fields are replaced with. */
  public static final String MASK = "*****";

  private final byte @Nullable [] jsonUtf8;
  private final @Nullable String base64;

  private EventBody(byte @Nullable [] jsonUtf8, @Nullable String base64) {
    this.jsonUtf8 = jsonUtf8;
    this.base64 = base64;
  }

  /**
   * A JSON body from JSON text.
   *
   * @param jsonText exactly one JSON value, whitespace around it allowed
   * @return the body
   * @throws IllegalArgumentException if {@code jsonText} is not exactly one JSON value
   */
  public static EventBody json(String jsonText) {
    byte[] bytes = jsonText.getBytes(StandardCharsets.UTF_8);
    if (!isJsonValue(bytes, 0, bytes.length, true)) {
      throw new IllegalArgumentException("not a single JSON value: " + abbreviate(jsonText));
    }
    return new EventBody(bytes, null);
  }

  /**
   * A JSON body holding {@code value} written as JSON: a {@link Map} with {@code String} keys
   * (written in its iteration order), a {@link Collection}, a {@code String}, a {@link Number}, a
   * {@link Boolean}, or null, nested to any depth up to 256 levels: the shapes {@link #value()}
   * hands out.
   *
   * @param value the value to write
   * @return the body
   * @throws IllegalArgumentException if {@code value} holds anything else, or is nested deeper
   */
  public static EventBody fromValue(@Nullable Object value) {
    checkPlain(value, 0);
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!isJsonValue(bytes, 0, bytes.length, true)) {
      throw new IllegalArgumentException("value is not one JSON value of at most " + Json.MAX_NESTING_DEPTH + " levels");
    }
    return new EventBody(bytes, null);
  }

  private static void checkPlain(@Nullable Object value, int depth) {
    if (depth > Json.MAX_NESTING_DEPTH) {
      throw new IllegalArgumentException("value is nested deeper than " + Json.MAX_NESTING_DEPTH + " levels");
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String)) {
          throw new IllegalArgumentException("JSON object keys must be Strings, not " + typeOf(entry.getKey()));
        }
        checkPlain(entry.getValue(), depth + 1);
      }
    } else if (value instanceof Collection<?> items) {
      for (Object item : items) {
        checkPlain(item, depth + 1);
      }
    } else if (value != null && !(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "a JSON body holds Maps, Collections, Strings, Numbers, Booleans and nulls, not " + typeOf(value));
    }
  }

  private static String typeOf(@Nullable Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  /**
   * A base64 body of the given raw bytes.
   *
   * @param bytes the bytes, encoded at once (later changes to the array do not show)
   * @return the body
   */
  public static EventBody base64(byte[] bytes) {
    return new EventBody(null, Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * The body the event reports for captured bytes: JSON when the bytes are one JSON value in UTF-8
   * (a scalar such as {@code 42} too, whatever the content type; leading whitespace and a UTF-8
   * byte-order mark allowed, the mark is left out), base64 of the bytes otherwise.
   *
   * @param bytes the captured bytes (copied)
   * @param length how many of them count, from the start
   * @param contentType the body's {@code Content-Type}, or null (not needed to tell JSON)
   * @return the body
   */
  public static EventBody of(byte[] bytes, int length, @Nullable String contentType) {
    int bom = length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    if (isJsonValue(bytes, bom, length - bom, true)) {
      return new EventBody(Arrays.copyOfRange(bytes, bom, length), null);
    }
    return new EventBody(null, Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, length)));
  }

  /**
   * A JSON note {@code {"msg": message}} used in place of a body that could not be captured.
   *
   * @param message the note's text
   * @return the body
   */
  public static EventBody note(String message) {
    return fromValue(Map.of("msg", Objects.requireNonNull(message, "message")));
  }

  /**
   * Whether a content type is a JSON type.
   *
   * @param contentType a {@code Content-Type} value with or without parameters, or null
   * @return true for {@code application/json}, {@code text/json} and any {@code +json} suffix type
   */
  public static boolean isJsonMediaType(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }

  /** {@return {@code "json"} or {@code "base64"}, the event's {@code transfer_encoding}} */
  public String transferEncoding() {
    return jsonUtf8 != null ? "json" : "base64";
  }

  /** {@return whether this is a JSON body (else a base64 one)} */
  public boolean isJson() {
    return jsonUtf8 != null;
  }

  /** {@return the JSON text, or null for a base64 body} */
  public @Nullable String jsonText() {
    return jsonUtf8 == null ? null : new String(jsonUtf8, StandardCharsets.UTF_8);
  }

  /**
   * The bytes this body stands for, a fresh copy: the JSON text in UTF-8 for a JSON body, the
   * decoded bytes for a base64 body.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return jsonUtf8 != null ? jsonUtf8.clone() : Base64.getDecoder().decode(base64);
  }

  /**
   * What the event's {@code body} field holds, as plain Java values built fresh on each call: for
   * a JSON body its value, objects as insertion-ordered {@code Map<String, Object>}, arrays as
   * {@code List<Object>}, numbers as {@code Integer}, {@code Long}, {@code BigInteger} or
   * {@code BigDecimal} (exactly as written), and {@code String}, {@code Boolean} or null; for a
   * base64 body the base64 {@code String}.
   *
   * @return the value, or null for a JSON {@code null}
   */
  public @Nullable Object value() {
    if (jsonUtf8 == null) {
      return base64;
    }
    try {
      return Json.MAPPER.reader(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(jsonUtf8, Object.class);
    } catch (IOException e) {
      throw new IllegalStateException("validated JSON failed to parse", e);
    }
  }

  /**
   * This body with the values of the named object fields (lower-case names, any depth) replaced
   * by {@value #MASK}; base64 bodies and bodies without such fields come back unchanged.
   *
   * @param lowerCaseNames the field names to mask, in lower case
   * @return the masked body, or this one when nothing was masked
   */
  public EventBody withMaskedFields(Set<String> lowerCaseNames) {
    if (jsonUtf8 == null || lowerCaseNames.isEmpty()) {
      return this;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(jsonUtf8.length + 16);
    try (JsonGenerator gen = Json.FACTORY.createGenerator(out);
        JsonParser in = Json.FACTORY.createParser(jsonUtf8)) {
      in.nextToken();
      copyMasked(in, gen, lowerCaseNames);
    } catch (IOException e) {
      throw new IllegalStateException("validated JSON failed to re-parse", e);
    }
    byte[] masked = out.toByteArray();
    return Arrays.equals(masked, jsonUtf8) ? this : new EventBody(masked, null);
  }

  /** {@return the base64 text, or null for a JSON body} */
  public @Nullable String base64Text() {
    return base64;
  }

  /**
   * Writes the body as one JSON value in UTF-8: the JSON text as it is (it was checked to be
   * exactly one standard JSON value in well-formed UTF-8 when the body was made), or the base64
   * string in quotes (base64 needs no escaping).
   *
   * @param out where to write; not closed
   * @throws IOException if {@code out} fails
   */
  public void writeTo(OutputStream out) throws IOException {
    if (jsonUtf8 != null) {
      out.write(jsonUtf8);
    } else {
      out.write('"');
      out.write(Objects.requireNonNull(base64).getBytes(StandardCharsets.US_ASCII));
      out.write('"');
    }
  }

  private static void copyMasked(JsonParser in, JsonGenerator out, Set<String> masked)
      throws IOException {
    JsonToken token = in.currentToken();
    switch (token) {
      case START_OBJECT -> {
        out.writeStartObject();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
          String name = in.currentName();
          out.writeFieldName(name);
          in.nextToken();
          if (masked.contains(name.toLowerCase(Locale.ROOT))) {
            in.skipChildren();
            out.writeString(MASK);
          } else {
            copyMasked(in, out, masked);
          }
        }
        out.writeEndObject();
      }
      case START_ARRAY -> {
        out.writeStartArray();
        while (in.nextToken() != JsonToken.END_ARRAY) {
          copyMasked(in, out, masked);
        }
        out.writeEndArray();
      }
      default -> out.copyCurrentEvent(in);
    }
  }

  /**
   * Whether {@code bytes[off, off+len)} is exactly one JSON value (UTF-8, nesting bounded). Without
   * {@code anyValue}, only objects and arrays count: a text/plain {@code "true"} stays text.
   */
  static boolean isJsonValue(byte[] bytes, int off, int len, boolean anyValue) {
    int end = off + len;
    int start = com.moesif.core.internal.JsonValidator.whitespace(bytes, off, end);
    if (start == end) {
      return false;
    }
    if (!anyValue && bytes[start] != '{' && bytes[start] != '[') {
      return false;
    }
    // One pass over the bytes, no parser: this runs for every captured body. It also rejects
    // what Jackson would read in another encoding (a BOM, NUL among the first four bytes: UTF-16
    // or UTF-32), so the stored copy always re-parses as the UTF-8 it was checked as.
    return com.moesif.core.internal.JsonValidator.isSingleValue(bytes, start, end - start);
  }


  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EventBody other)) {
      return false;
    }
    return Arrays.equals(jsonUtf8, other.jsonUtf8) && Objects.equals(base64, other.base64);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(jsonUtf8) + Objects.hashCode(base64);
  }

  @Override
  public String toString() {
    return jsonUtf8 != null
        ? "EventBody{json, " + jsonUtf8.length + " bytes}"
        : "EventBody{base64, " + Objects.requireNonNull(base64).length() + " chars}";
  }
}
