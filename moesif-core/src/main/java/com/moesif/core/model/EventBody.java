package com.moesif.core.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.moesif.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A captured body as the collector receives it: a JSON value ({@code transfer_encoding: "json"})
 * or a base64 string of the raw bytes ({@code "base64"}). Immutable: JSON is kept as validated
 * UTF-8 text and re-parsed on demand, so {@link #toJsonNode()} hands out a fresh tree each call.
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

  /** A JSON body holding a copy of {@code node}. */
  public static EventBody json(JsonNode node) {
    Objects.requireNonNull(node, "node");
    try {
      return new EventBody(Json.MAPPER.writeValueAsBytes(node), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JSON body from JSON text.
   *
   * @throws IllegalArgumentException if {@code jsonText} is not exactly one JSON value
   */
  public static EventBody json(String jsonText) {
    byte[] bytes = jsonText.getBytes(StandardCharsets.UTF_8);
    if (!isJsonValue(bytes, 0, bytes.length, true)) {
      throw new IllegalArgumentException("not a single JSON value: " + abbreviate(jsonText));
    }
    return new EventBody(bytes, null);
  }

  /** A base64 body of the given raw bytes. */
  public static EventBody base64(byte[] bytes) {
    return new EventBody(null, Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * The body the event reports for captured bytes: JSON when the bytes are one JSON value in UTF-8
   * (a scalar such as {@code 42} too, whatever the content type; leading whitespace and a UTF-8
   * byte-order mark allowed, the mark is left out), base64 of the bytes otherwise.
   */
  public static EventBody of(byte[] bytes, int length, @Nullable String contentType) {
    int bom = length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    if (isJsonValue(bytes, bom, length - bom, true)) {
      return new EventBody(Arrays.copyOfRange(bytes, bom, length), null);
    }
    return new EventBody(null, Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, length)));
  }

  /** A JSON note {@code {"msg": message}} used in place of a body that could not be captured. */
  public static EventBody note(String message) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("msg", message);
    return json(node);
  }

  /** True for {@code application/json}, {@code text/json} and any {@code +json} suffix type. */
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

  /** {@code "json"} or {@code "base64"}, the event's {@code transfer_encoding}. */
  public String transferEncoding() {
    return jsonUtf8 != null ? "json" : "base64";
  }

  public boolean isJson() {
    return jsonUtf8 != null;
  }

  /** A fresh tree: the JSON value, or a text node holding the base64 string. */
  public JsonNode toJsonNode() {
    if (jsonUtf8 == null) {
      return JsonNodeFactory.instance.textNode(base64);
    }
    try {
      return Json.MAPPER.readTree(jsonUtf8);
    } catch (IOException e) {
      throw new IllegalStateException("validated JSON failed to parse", e);
    }
  }

  /**
   * This body with the values of the named object fields (lower-case names, any depth) replaced
   * by {@value #MASK}; base64 bodies and bodies without such fields come back unchanged.
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

  /** The base64 text, or null for a JSON body. */
  public @Nullable String base64Text() {
    return base64;
  }

  /**
   * Writes the body as one JSON value, streaming: no tree is built. Into a UTF-8 byte generator
   * (what the SDK serialises events with), validated JSON text is copied as it is, without being
   * parsed again: the bytes were checked to be exactly one standard JSON value whose strings are
   * valid UTF-8 when the body was made. Other generators get the value token by token.
   */
  public void writeTo(JsonGenerator out) throws IOException {
    if (jsonUtf8 == null) {
      out.writeString(base64);
      return;
    }
    if (out instanceof UTF8JsonGenerator && isPlainUtf8(jsonUtf8)) {
      out.writeRawValue(new RawUtf8(jsonUtf8));
      return;
    }
    try (JsonParser in = Json.FACTORY.createParser(jsonUtf8)) {
      in.nextToken();
      out.copyCurrentStructure(in);
    }
  }

  /**
   * Writes the body as one JSON value in UTF-8: validated JSON text is copied as it is (the
   * common case, no parsing), anything else goes through a generator.
   */
  public void writeTo(java.io.OutputStream out) throws IOException {
    if (jsonUtf8 != null && isPlainUtf8(jsonUtf8)) {
      out.write(jsonUtf8);
      return;
    }
    try (JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
      writeTo(gen);
    }
  }

  /**
   * Whether validated JSON bytes are UTF-8 as they stand. Jackson also accepts UTF-16/32 and a
   * byte-order mark (detected from the first four bytes): those must be transcoded, not copied.
   */
  private static boolean isPlainUtf8(byte[] json) {
    if (json.length == 0 || json[0] < 0x09) { // negative: a BOM or not ASCII; 0: UTF-16/32
      return false;
    }
    for (int i = 1; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        return false;
      }
    }
    return true;
  }

  /** Validated UTF-8 JSON text for {@link JsonGenerator#writeRawValue(SerializableString)}. */
  private static final class RawUtf8 implements SerializableString {
    private final byte[] utf8;

    RawUtf8(byte[] utf8) {
      this.utf8 = utf8;
    }

    @Override
    public String getValue() {
      return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public byte[] asUnquotedUTF8() {
      return utf8;
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (utf8.length > buffer.length - offset) {
        return -1;
      }
      System.arraycopy(utf8, 0, buffer, offset, utf8.length);
      return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      String value = getValue();
      if (value.length() > buffer.length - offset) {
        return -1;
      }
      value.getChars(0, value.length(), buffer, offset);
      return value.length();
    }

    @Override
    public int writeQuotedUTF8(java.io.OutputStream out) {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int writeUnquotedUTF8(java.io.OutputStream out) throws IOException {
      out.write(utf8);
      return utf8.length;
    }

    @Override
    public int putQuotedUTF8(java.nio.ByteBuffer buffer) {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int putUnquotedUTF8(java.nio.ByteBuffer buffer) {
      if (utf8.length > buffer.remaining()) {
        return -1;
      }
      buffer.put(utf8);
      return utf8.length;
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
