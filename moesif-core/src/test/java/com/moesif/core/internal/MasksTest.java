package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in masks, rule by rule, as the shipper thread applies them. */
class MasksTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SECRET = "hunter2";

  private final Counters counters = new Counters();

  private Masks masks(UnaryOperator<MoesifConfig.Builder> custom) {
    MoesifConfig config = custom.apply(MoesifConfig.builder().applicationId("app-id-1234567890")).build();
    return Masks.of(config, counters, new OnceLogger());
  }

  private Masks defaults() {
    return masks(b -> b);
  }

  private static PendingEvent.RawBody raw(byte[] bytes, String type, String encoding) {
    return new PendingEvent.RawBody(bytes, bytes.length, bytes.length, 1 << 20, type, encoding);
  }

  private static EventBody decode(Masks masks, String text, String type) {
    return BodyDecoder.decode(raw(text.getBytes(StandardCharsets.UTF_8), type, null), masks);
  }

  private static JsonNode node(EventBody body) throws IOException {
    return json(String.valueOf(body.jsonText()));
  }

  private static JsonNode json(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  private static String form(EventBody body) {
    assertThat(body.transferEncoding()).isEqualTo("base64");
    return new String(Base64.getDecoder().decode(body.base64Text()), StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- headers

  @Test
  void credentialHeadersAreMaskedByDefaultWhateverTheirCase() {
    EventAssembler assembler = new EventAssembler(
        MoesifConfig.builder().applicationId("app-id-1234567890").build(), counters, new OnceLogger());
    Map<String, String> headers = assembler.headers(new String[] {
        "Authorization", "Bearer abc", "PROXY-AUTHORIZATION", "Basic xyz", "Cookie", "sid=1", "Set-Cookie", "a=1",
        "set-cookie", "b=2", "X-Api-Key", SECRET, "Content-Type", "application/json"}, false);

    assertThat(headers).containsEntry("authorization", "*****").containsEntry("proxy-authorization", "*****")
        .containsEntry("cookie", "*****").containsEntry("set-cookie", "*****").containsEntry("x-api-key", "*****")
        .containsEntry("content-type", "application/json");
  }

  @Test
  void turningTheDefaultsOffKeepsTheAddedHeaders() {
    EventAssembler assembler = new EventAssembler(
        MoesifConfig.builder().applicationId("app-id-1234567890").maskRecommended(false).maskHeaders("X-Secret").build(),
        counters, new OnceLogger());
    Map<String, String> headers = assembler.headers(new String[] {"Authorization", "Bearer abc", "x-secret", "s"}, false);

    assertThat(headers).containsEntry("authorization", "Bearer abc").containsEntry("x-secret", "*****");
  }

  // ---------------------------------------------------------------- query parameters

  @Test
  void secretQueryParametersAreMaskedAndTheRestOfTheUriKeptExactly() {
    Masks masks = defaults();
    assertThat(masks.uri("https://api.test/cb?code=ok&access_token=" + SECRET + "&Api-Key=k%20y&page=2"))
        .isEqualTo("https://api.test/cb?code=ok&access_token=*****&Api-Key=*****&page=2");
    assertThat(masks.uri("http://h/p?pass%77ord=" + SECRET + "&x=%zz&token=t;&secret="))
        .isEqualTo("http://h/p?pass%77ord=*****&x=%zz&token=*****&secret=");
    assertThat(masks.uri("http://h/p?accessToken=a&q=search")).isEqualTo("http://h/p?accessToken=*****&q=search");
    String plain = "http://h/p?page=2&sort=name";
    assertThat(masks.uri(plain)).isSameAs(plain);
    assertThat(masks.uri("http://h/no-query")).isEqualTo("http://h/no-query");
  }

  @Test
  void addedBodyFieldNamesCoverQueryParameters() {
    Masks masks = masks(b -> b.maskRecommended(false).maskBodyFields("pin"));
    assertThat(masks.uri("http://h/p?pin=1234&access_token=a")).isEqualTo("http://h/p?pin=*****&access_token=a");
  }

  @Test
  void cardNumbersInQueryValuesAreMasked() {
    assertThat(defaults().uri("http://h/pay?card=4111+1111+1111+1111&amount=10"))
        .isEqualTo("http://h/pay?card=*****&amount=10");
  }

  // ---------------------------------------------------------------- JSON bodies

  @Test
  void secretJsonFieldsAreMaskedAtAnyDepth() throws IOException {
    String body = "{\"user\":\"ada\",\"Password\":\"" + SECRET + "\",\"nested\":[{\"auth\":{\"accessToken\":{\"v\":1}}}],"
        + "\"client-secret\":7,\"keep\":[1,2.50,true,null]}";
    EventBody masked = decode(defaults(), body, "application/json");

    assertThat(node(masked)).isEqualTo(json("{\"user\":\"ada\",\"Password\":\"*****\","
        + "\"nested\":[{\"auth\":{\"accessToken\":\"*****\"}}],\"client-secret\":\"*****\",\"keep\":[1,2.50,true,null]}"));
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    masked.writeTo(sent);
    assertThat(sent.toString(StandardCharsets.UTF_8)).contains("[1,2.50,true,null]"); // numbers copied exactly
  }

  @Test
  void jsonWithoutAnythingToMaskIsSentAsItCame() {
    String body = "{ \"page\" : 2, \"items\": [\"a\", 1700000000000] }";
    EventBody decoded = decode(defaults(), body, "application/json");
    assertThat(decoded).isEqualTo(EventBody.of(body.getBytes(StandardCharsets.UTF_8), body.length(), null));
  }

  @Test
  void addedFieldNamesMatchIgnoringCaseAndSeparators() throws IOException {
    Masks masks = masks(b -> b.maskRecommended(false).maskBodyFields("user_pin"));
    EventBody masked = decode(masks, "{\"UserPin\":1,\"user-pin\":2,\"password\":\"p\"}", "application/json");
    assertThat(node(masked)).isEqualTo(json("{\"UserPin\":\"*****\",\"user-pin\":\"*****\",\"password\":\"p\"}"));
  }

  @Test
  void cardNumbersInJsonStringsAndNumbersAreMasked() throws IOException {
    String body = "{\"visa\":4111111111111111,\"note\":\"paid with 5555 5555 5555 4444 today\","
        + "\"amex\":\"3782-822463-10005\",\"ts\":1700000000000,\"notLuhn\":4111111111111112,\"short\":411111111111}";
    EventBody masked = decode(defaults(), body, "text/plain");

    assertThat(node(masked)).isEqualTo(json("{\"visa\":\"*****\",\"note\":\"paid with ***** today\","
        + "\"amex\":\"*****\",\"ts\":1700000000000,\"notLuhn\":4111111111111112,\"short\":411111111111}"));
  }

  @Test
  void withTheDefaultsOffCardNumbersAndSecretNamesAreKept() throws IOException {
    String body = "{\"password\":\"" + SECRET + "\",\"card\":4111111111111111}";
    EventBody decoded = decode(masks(b -> b.maskRecommended(false)), body, "application/json");
    assertThat(node(decoded)).isEqualTo(json(body));
  }

  @Test
  void aByteOrderMarkIsNotAnErrorTheJsonIsParsedAndMasked() throws IOException {
    byte[] text = ("{\"password\":\"" + SECRET + "\",\"a\":1}").getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);

    EventBody masked = BodyDecoder.decode(raw(withBom, "application/json", null), defaults());
    assertThat(node(masked)).isEqualTo(json("{\"password\":\"*****\",\"a\":1}"));
    assertThat(counters.bodiesWithheld.sum()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"deep", "junk", "truncated", "utf16", "not-utf8"})
  void jsonTheMasksCannotParseIsWithheldAndCounted(String kind) throws IOException {
    byte[] bytes = switch (kind) {
      case "deep" -> ("[".repeat(300) + "{\"password\":\"" + SECRET + "\"}" + "]".repeat(300)).getBytes(StandardCharsets.UTF_8);
      case "junk" -> ("{\"password\":\"" + SECRET + "\"} trailing").getBytes(StandardCharsets.UTF_8);
      case "truncated" -> ("{\"password\":\"" + SECRET + "\",").getBytes(StandardCharsets.UTF_8);
      case "utf16" -> ("{\"password\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_16);
      default -> ("{\"password\":\"" + SECRET + "\",\"n\":\"\u00ff").getBytes(StandardCharsets.ISO_8859_1);
    };
    // The JSON content type, or no content type but an object or array by its first byte.
    for (String type : new String[] {"application/json", "text/plain"}) {
      if (kind.equals("utf16") && type.equals("text/plain")) {
        continue; // UTF-16 text does not start with '{': only its content type says it is JSON
      }
      EventBody body = BodyDecoder.decode(raw(bytes, type, null), defaults());
      assertThat(body.isJson()).isTrue();
      assertThat(node(body).get("msg").asText())
          .startsWith("body of " + bytes.length + " bytes withheld")
          .doesNotContain(SECRET);
    }
    assertThat(counters.snapshot(0, 0, 1, 0).bodiesWithheld()).isEqualTo(kind.equals("utf16") ? 1 : 2);
  }

  @Test
  void unparseableJsonIsSentAsItCameWhenNothingIsMasked() {
    byte[] junk = "{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8);
    EventBody body = BodyDecoder.decode(raw(junk, "application/json", null), masks(b -> b.maskRecommended(false)));
    assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(junk);
    assertThat(counters.bodiesWithheld.sum()).isZero();
  }

  @Test
  void binaryAndPlainTextAreNotWithheld() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i + 128);
    }
    assertThat(BodyDecoder.decode(raw(binary, "application/octet-stream", null), defaults()).base64Text())
        .isEqualTo(Base64.getEncoder().encodeToString(binary));
    assertThat(decode(defaults(), "Hello, world", "text/plain").base64Text())
        .isEqualTo(Base64.getEncoder().encodeToString("Hello, world".getBytes(StandardCharsets.UTF_8)));
    assertThat(counters.bodiesWithheld.sum()).isZero();
  }

  @Test
  void aCompressedJsonBodyThatDoesNotDecompressIsWithheld() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(("{\"password\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    byte[] truncated = Arrays.copyOf(out.toByteArray(), out.size() - 9);
    EventBody body = BodyDecoder.decode(raw(truncated, "application/json", "gzip"), defaults());
    assertThat(node(body).get("msg").asText()).contains("withheld");
    assertThat(counters.bodiesWithheld.sum()).isEqualTo(1);

    EventBody whole = BodyDecoder.decode(raw(out.toByteArray(), "application/json", "gzip"), defaults());
    assertThat(node(whole)).isEqualTo(json("{\"password\":\"*****\"}"));

    EventBody unknown = BodyDecoder.decode(raw(out.toByteArray(), "application/json", "br"), defaults());
    assertThat(node(unknown).get("msg").asText()).contains("withheld");
    assertThat(counters.bodiesWithheld.sum()).isEqualTo(2);
  }

  /** Some clients decompress the body and keep its Content-Encoding header. */
  @Test
  void jsonThatWasNeverCompressedIsMaskedDespiteItsEncodingHeader() throws IOException {
    byte[] plain = ("{\"password\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8);
    for (String encoding : new String[] {"gzip", "deflate"}) {
      EventBody body = BodyDecoder.decode(raw(plain, "application/json", encoding), defaults());
      assertThat(node(body)).as(encoding).isEqualTo(json("{\"password\":\"*****\"}"));
    }
    assertThat(counters.bodiesWithheld.sum()).isZero();
  }

  // ---------------------------------------------------------------- form bodies

  @Test
  void secretFormFieldsAreMaskedAndTheRestKeptByteForByte() {
    String body = "grant_type=password&username=ada&password=" + SECRET + "&client_secret=s%26c&Refresh-Token=r&x=%E2%82%AC";
    EventBody masked = decode(defaults(), body, "application/x-www-form-urlencoded; charset=UTF-8");

    assertThat(form(masked)).isEqualTo(
        "grant_type=password&username=ada&password=*****&client_secret=*****&Refresh-Token=*****&x=%E2%82%AC");
  }

  @Test
  void encodedFormNamesAndCardNumbersInFormValuesAreMasked() {
    String body = "pass%77ord=" + SECRET + "&card=4111-1111-1111-1111&memo=card+4111+1111+1111+1111&amount=10";
    assertThat(form(decode(defaults(), body, "application/x-www-form-urlencoded")))
        .isEqualTo("pass%77ord=*****&card=*****&memo=*****&amount=10");
  }

  @Test
  void addedBodyFieldNamesCoverFormBodies() {
    Masks masks = masks(b -> b.maskRecommended(false).maskBodyFields("pin"));
    assertThat(form(decode(masks, "pin=1234&password=p", "application/x-www-form-urlencoded")))
        .isEqualTo("pin=*****&password=p");
  }

  @Test
  void aFormWithNothingToMaskIsTheExactBytes() {
    byte[] bytes = {'a', '=', (byte) 0xFF, '&', 'b', '=', '%', 'z'};
    EventBody body = BodyDecoder.decode(raw(bytes, "application/x-www-form-urlencoded", null), defaults());
    assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(bytes);
  }

  // ---------------------------------------------------------------- card numbers

  @ParameterizedTest
  @ValueSource(strings = {"4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
      "4111 1111 1111 1111", "2223-0000-4841-0010", "4222222222222"})
  void cardNumbersAreRecognised(String card) {
    assertThat(Masks.containsCard(card)).isTrue();
    assertThat(Masks.maskCards("card: " + card + ".")).isEqualTo("card: *****.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111111111111112", "1700000000000", "1700000000000000", "411111111111",
      "41111111111111111111", "4111  1111 1111 1111", "0000000000000000", "a-b"})
  void otherDigitRunsAreNotCardNumbers(String text) {
    assertThat(Masks.containsCard(text)).isFalse();
    assertThat(Masks.maskCards(text)).isSameAs(text);
  }
}
