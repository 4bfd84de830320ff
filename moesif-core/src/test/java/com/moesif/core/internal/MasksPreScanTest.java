package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte pre-scan that lets most JSON bodies skip the masks' parse: it may say "maybe" too
 * often, never "no" where the parse finds something to mask, so bodies are masked exactly as the
 * parse alone would mask them.
 */
class MasksPreScanTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Masks masks(UnaryOperator<MoesifConfig.Builder> custom) {
    MoesifConfig config = custom.apply(MoesifConfig.builder().applicationId("app-id-1234567890")).build();
    return Masks.of(config, new Counters(), new OnceLogger());
  }

  private static final Masks DEFAULTS = masks(b -> b);
  private static final Masks NAMES_ONLY = masks(b -> b.maskRecommended(false).maskBodyFields("user_pin", "Card-CVC"));

  private static boolean preScan(Masks masks, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return masks.mayNeedMasking(bytes, 0, bytes.length);
  }

  private static boolean parse(Masks masks, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return masks.needsMasking(bytes, 0, bytes.length);
  }

  private static JsonNode masked(Masks masks, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    EventBody body = BodyDecoder.decode(
        new PendingEvent.RawBody(bytes, bytes.length, bytes.length, 1 << 20, "application/json", null), masks);
    return MAPPER.readTree(String.valueOf(body.jsonText()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"password\":\"x\"}",
      "{\"a\":[{\"b\":{\"Access_Token\":{\"v\":[1,2]}}}]}",
      "[1,{\"refresh-token\" :\"x\"}]",
      "{\"\\u0070assword\":\"x\"}",
      "{\"pass\\u0077ord\":\"x\"}",
      "{\"note\":\"card \\u0034111111111111111\"}",
      "{\"visa\":4111111111111111}",
      "{\"note\":\"paid with 5555 5555 5555 4444 today\"}",
      "{\"amex\":\"3782-822463-10005\"}",
      "{\"to\u212Aen\":\"x\"}",
      "{\"SECRET\"\n:\t1}"})
  void whatTheParseMasksThePreScanLetsThrough(String json) throws IOException {
    assertThat(parse(DEFAULTS, json)).isTrue();
    assertThat(preScan(DEFAULTS, json)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"data\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
      "{\"user\":\"ada\",\"items\":[1,2.5,true,null,{\"id\":\"42\"}],\"ts\":170000000000}",
      "{\"kind\":\"password\",\"hint\":\"token\"}",
      "[\"password\",\"secret\"]",
      "{\"name\":\"J\u00f6rg\",\"\u540d\u524d\":\"x\"}",
      "{\"id\":\"123-456-7890\",\"phone\":\"555 1234\"}"})
  void bodiesWithNothingToMaskSkipTheParse(String json) throws IOException {
    assertThat(preScan(DEFAULTS, json)).isFalse();
    assertThat(parse(DEFAULTS, json)).isFalse();
  }

  @Test
  void aValueThatLooksLikeANameIsNotMaskedAndANameAnywhereIs() throws IOException {
    assertThat(masked(DEFAULTS, "{\"kind\":\"password\",\"deep\":[[{\"\\u0070assword\":\"p\"}]]}"))
        .isEqualTo(MAPPER.readTree("{\"kind\":\"password\",\"deep\":[[{\"password\":\"*****\"}]]}"));
  }

  @Test
  void namesAloneAreLookedUpExactlyWithoutCardMasking() throws IOException {
    assertThat(preScan(NAMES_ONLY, "{\"visa\":4111111111111111}")).isFalse();
    assertThat(preScan(NAMES_ONLY, "{\"UserPin\":1}")).isTrue();
    assertThat(preScan(NAMES_ONLY, "{\"card_cvc\":1}")).isTrue();
    assertThat(preScan(NAMES_ONLY, "{\"password\":1}")).isFalse();
    assertThat(masked(NAMES_ONLY, "{\"user-PIN\":1,\"n\":\"\\u0055serPin\",\"\\u0055serPin\":2}"))
        .isEqualTo(MAPPER.readTree("{\"user-PIN\":\"*****\",\"n\":\"UserPin\",\"UserPin\":\"*****\"}"));
  }

  @Property(tries = 1000)
  void thePreScanNeverMissesWhatTheParseFinds(@ForAll("bodies") String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(JsonValidator.isSingleValue(bytes, 0, bytes.length)).as(json).isTrue();
    for (Masks masks : List.of(DEFAULTS, NAMES_ONLY)) {
      if (masks.needsMasking(bytes, 0, bytes.length)) {
        assertThat(masks.mayNeedMasking(bytes, 0, bytes.length)).as(json).isTrue();
      }
    }
  }

  @Provide
  Arbitrary<String> bodies() {
    return value(3);
  }

  private Arbitrary<String> value(int depth) {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        quoted(text()),
        Arbitraries.of("4111111111111111", "1700000000000", "42", "-4111111111111111", "4111111111111111.5", "true", "null"));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> member = Arbitraries.oneOf(quoted(name()), quoted(text()))
        .flatMap(n -> value(depth - 1).map(v -> n + (v.length() % 2 == 0 ? ":" : " : ") + v));
    Arbitrary<String> object = member.list().ofMaxSize(4).map(ms -> "{" + String.join(",", ms) + "}");
    Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(vs -> "[" + String.join(",", vs) + "]");
    return Arbitraries.oneOf(scalar, object, array);
  }

  private static Arbitrary<String> quoted(Arbitrary<String> content) {
    return content.map(s -> "\"" + s + "\"");
  }

  /** Field names: masked ones in several spellings and escapes, and others. */
  private static Arbitrary<String> name() {
    return Arbitraries.of(
        "password", "Password", "PASS_WORD", "pass-word", "\\u0070assword", "p\\\"assword", "access_token",
        "accessToken", "Access-Token", "to\u212Aen", "user_pin", "UserPin", "\\u0055ser_pin", "card-cvc", "CardCVC",
        "user", "id", "pass", "passwords", "tok", "\u00f6l", "x");
  }

  /** String contents: card numbers plain, grouped and escaped, other digit runs, names as values. */
  private static Arbitrary<String> text() {
    return Arbitraries.of(
        "", "hello", "4111111111111111", "4111 1111 1111 1111", "2223-0000-4841-0010", "card 378282246310005.",
        "\\u0034111111111111111", "41111111111111\\u00311", "1700000000000", "555 1234", "password", "a\\nb",
        "J\u00f6rg", "4111  1111 1111 1111");
  }

  @Test
  void theWordAtATimeSkipStopsAtEveryByteThePreScanMustLookAt() {
    for (int value = 0; value < 256; value++) {
      boolean inert = value < 0x80 && value != '"' && value != '\\' && (value < '0' || value > '9');
      for (int at = 0; at < 8; at++) {
        byte[] word = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        word[at] = (byte) value;
        assertThat(Masks.inertAscii(JsonValidator.eightBytes(word, 0))).as("byte %02x at %d", value, at).isEqualTo(inert);
      }
    }
  }

  @Test
  void cardNumbersAndNamesAreFoundAtEveryOffsetPastTheSkippedWords() throws IOException {
    for (int pad = 0; pad < 20; pad++) {
      String filler = "x".repeat(pad);
      assertThat(preScan(DEFAULTS, "{\"a\":\"" + filler + "4111 1111 1111 1111\"}")).as("pad %d", pad).isTrue();
      assertThat(preScan(DEFAULTS, "{\"" + filler + "\":1,\"password\":1}")).as("pad %d", pad).isTrue();
      assertThat(preScan(DEFAULTS, "{\"a\":\"" + filler + "411111111111\"}")).as("pad %d", pad).isFalse();
    }
  }
}
