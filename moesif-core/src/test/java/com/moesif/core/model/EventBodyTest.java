package com.moesif.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
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
    assertThat(body.value()).isEqualTo(Map.of("a", 1));
  }

  @Test
  void leadingWhitespaceIsStillJson() {
    EventBody body = of(" \n\t [1, 2]", null);
    assertThat(body.isJson()).isTrue();
    assertThat(body.value()).isEqualTo(List.of(1, 2));
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
    assertThat(body.value()).isEqualTo(java.util.Map.of("a", 1));
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
    assertThat(EventBody.of(bytes, 7, null).jsonText()).isEqualTo("{\"a\":1}");
  }

  @Test
  void maskingReplacesFieldsAtAnyDepthCaseInsensitively() {
    EventBody body = of("{\"Password\":\"x\",\"nested\":[{\"password\":{\"deep\":1}}],\"keep\":\"y\"}", null);
    EventBody masked = body.withMaskedFields(Set.of("password"));
    assertThat(masked.jsonText())
        .isEqualTo("{\"Password\":\"*****\",\"nested\":[{\"password\":\"*****\"}],\"keep\":\"y\"}");
    assertThat(body.value()).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("Password", "x");
    assertThat(body.withMaskedFields(Set.of("absent"))).isSameAs(body);
  }

  @Test
  void jsonFactoryRejectsNonJson() {
    assertThatThrownBy(() -> EventBody.json("{oops")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueHandsOutFreshPlainJavaValues() {
    EventBody body = of("{\"a\":1,\"big\":12345678901234567890,\"price\":1.50,\"list\":[true,null,\"s\"]}", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> value = (Map<String, Object>) body.value();
    assertThat(value)
        .containsExactly(
            Map.entry("a", 1),
            Map.entry("big", new BigInteger("12345678901234567890")),
            Map.entry("price", new BigDecimal("1.50")),
            Map.entry("list", Arrays.asList(true, null, "s")));
    value.put("a", 2);
    assertThat(body.value()).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("a", 1);
  }

  @Test
  void aBase64BodysValueIsItsBase64TextAndItsBytesTheDecodedOnes() {
    EventBody body = EventBody.base64(new byte[] {1, 2, (byte) 0xFF});
    assertThat(body.jsonText()).isNull();
    assertThat(body.value()).isEqualTo(body.base64Text()).isEqualTo("AQL/");
    assertThat(body.bytes()).containsExactly(1, 2, 0xFF);
  }

  @Test
  void fromValueWritesWhatValueReadsBack() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("z", "last first");
    value.put("n", new BigDecimal("1.50"));
    value.put("items", List.of(Map.of("k", false), 7L));
    value.put("none", null);
    EventBody body = EventBody.fromValue(value);
    assertThat(body.jsonText()).isEqualTo("{\"z\":\"last first\",\"n\":1.50,\"items\":[{\"k\":false},7],\"none\":null}");
    assertThat(body.bytes()).isEqualTo(body.jsonText().getBytes(StandardCharsets.UTF_8));
    assertThat(EventBody.fromValue(body.value())).isEqualTo(body);
    assertThat(EventBody.fromValue("text").jsonText()).isEqualTo("\"text\"");
  }

  @Test
  void fromValueRejectsWhatIsNotPlainJson() {
    assertThatThrownBy(() -> EventBody.fromValue(Map.of("when", java.time.Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Instant");
    assertThatThrownBy(() -> EventBody.fromValue(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be Strings");
    Object deep = List.of();
    for (int i = 0; i < 300; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;
    assertThatThrownBy(() -> EventBody.fromValue(tooDeep)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writeToWritesTheBodyFieldsJson() throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    EventBody.json(" {\"a\": [1]} ").writeTo(json);
    assertThat(json.toString(StandardCharsets.UTF_8)).isEqualTo(" {\"a\": [1]} ");
    ByteArrayOutputStream base64 = new ByteArrayOutputStream();
    EventBody.base64(new byte[] {1, 2, (byte) 0xFF}).writeTo(base64);
    assertThat(base64.toString(StandardCharsets.UTF_8)).isEqualTo("\"AQL/\"");
  }

  @Test
  void noteIsAMsgObject() {
    assertThat(EventBody.note("said \"no\"").jsonText()).isEqualTo("{\"msg\":\"said \\\"no\\\"\"}");
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
