package com.moesif.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventBodyTest {

  private static EventBody of(String text, String contentType) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return EventBody.of(bytes, bytes.length, contentType);
  }

  @Test
  void jsonObjectIsJsonWhateverTheContentType() {
    EventBody body = of("{\"a\":1}", "text/plain");
    assertThat(body.transferEncoding()).isEqualTo("json");
    assertThat(body.toJsonNode().get("a").asInt()).isEqualTo(1);
  }

  @Test
  void leadingWhitespaceIsStillJson() {
    EventBody body = of(" \n\t [1, 2]", null);
    assertThat(body.isJson()).isTrue();
    assertThat(body.toJsonNode().size()).isEqualTo(2);
  }

  /** Spec section 3: text that parses as JSON is JSON, a scalar too, whatever the content type says. */
  @ParameterizedTest
  @CsvSource({"42, application/json, json", "42, text/plain, json", "true, application/problem+json, json",
      "'\"s\"', text/json, json", "' -1.5e3 ', , json", "hello, application/json, base64", "42 43, text/plain, base64"})
  void scalarsAreJsonWhateverTheContentType(String text, String type, String expected) {
    assertThat(of(text, type).transferEncoding()).isEqualTo(expected);
  }

  @Test
  void aUtf8ByteOrderMarkIsLeftOutOfTheJson() {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '1', '}'};
    EventBody body = EventBody.of(bytes, bytes.length, "application/json");
    assertThat(body.isJson()).isTrue();
    assertThat(body.toJsonNode().get("a").asInt()).isEqualTo(1);
    assertThat(body).isEqualTo(EventBody.json("{\"a\":1}"));
  }

  @Test
  void brokenOrTrailingJsonIsBase64OfTheExactBytes() {
    for (String text : new String[] {"{\"a\":", "{\"a\":1} x", "[1,2", "{}{}"}) {
      EventBody body = of(text, "application/json");
      assertThat(body.transferEncoding()).as(text).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void invalidUtf8InsideAStringIsNotJson() {
    byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    EventBody body = EventBody.of(bytes, bytes.length, "application/json");
    assertThat(body.transferEncoding()).isEqualTo("base64");
  }

  @Test
  void deepNestingIsNotParsedAsJson() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThat(of(deep, "application/json").transferEncoding()).isEqualTo("base64");
  }

  @Test
  void onlyTheGivenLengthIsUsed() {
    byte[] bytes = "{\"a\":1}garbage".getBytes(StandardCharsets.UTF_8);
    assertThat(EventBody.of(bytes, 7, null).toJsonNode().toString()).isEqualTo("{\"a\":1}");
  }

  @Test
  void maskingReplacesFieldsAtAnyDepthCaseInsensitively() {
    EventBody body = of("{\"Password\":\"x\",\"nested\":[{\"password\":{\"deep\":1}}],\"keep\":\"y\"}", null);
    EventBody masked = body.withMaskedFields(Set.of("password"));
    assertThat(masked.toJsonNode().toString())
        .isEqualTo("{\"Password\":\"*****\",\"nested\":[{\"password\":\"*****\"}],\"keep\":\"y\"}");
    assertThat(body.toJsonNode().get("Password").asText()).isEqualTo("x");
    assertThat(body.withMaskedFields(Set.of("absent"))).isSameAs(body);
  }

  @Test
  void jsonFactoryRejectsNonJson() {
    assertThatThrownBy(() -> EventBody.json("{oops")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toJsonNodeHandsOutFreshTrees() {
    EventBody body = of("{\"a\":1}", null);
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.toJsonNode()).put("a", 2);
    assertThat(body.toJsonNode().get("a").asInt()).isEqualTo(1);
  }

  /**
   * Found by HostileInputPropertiesTest: Jackson read "\0 0" as UTF-16 JSON while the stored copy
   * "\t\0 0" was then unreadable, so writing the event failed and the event was lost. JSON is
   * UTF-8: anything Jackson would sniff as another encoding (NULs, UTF-16/32 BOMs, a UTF-8 BOM
   * anywhere but first) is base64'd instead.
   */
  @ParameterizedTest
  @CsvSource({"'09,00,30'", "'00,30'", "'30,00'", "'20,00,7b,00,7d,00'", "'ef,bb,bf,ef,bb,bf,7b,7d'", "'09,ef,bb,bf,7b,7d'",
      "'fe,ff,00,7b,00,7d'", "'ff,fe,7b,00,7d,00'", "'00,00,00,5b,00,00,00,5d'"})
  void bytesJacksonWouldReadAsAnotherEncodingAreBase64(String hex) {
    String[] parts = hex.split(",");
    byte[] bytes = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i].trim(), 16);
    }
    EventBody body = EventBody.of(bytes, bytes.length, "application/json");
    assertThat(body.transferEncoding()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(bytes);
  }
}
