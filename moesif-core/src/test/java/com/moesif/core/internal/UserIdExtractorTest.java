package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserIdExtractorTest {
  private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  private static final UserIdExtractor DEFAULT = new UserIdExtractor(List.of("authorization"), "sub");

  private static String b64url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String jwt(String header, String payload) {
    return b64url(header) + "." + b64url(payload) + ".c2lnbmF0dXJl";
  }

  private static String jwt(String payload) {
    return jwt(HS256, payload);
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  private static Function<String, String> headers(String... namesAndValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map::get;
  }

  private static String fromAuthorization(String value) {
    return DEFAULT.extract(headers("Authorization", value));
  }

  @Test
  void bearerJwtWithUrlAlphabetCharacters() {
    String payload = "{\"sub\":\"user-42\",\"note\":\"???>>>\"}";
    String encoded = b64url(payload);
    // The Python SDK decodes with the standard alphabet and loses tokens like this one.
    assertThat(encoded).contains("-").contains("_");

    assertThat(fromAuthorization("Bearer " + jwt(payload))).isEqualTo("user-42");
    assertThat(fromAuthorization("bearer " + jwt(payload))).isEqualTo("user-42");
    assertThat(fromAuthorization("BEARER\t  " + jwt(payload) + "  ")).isEqualTo("user-42");
  }

  @Test
  void paddingIsOptionalAndTheStandardAlphabetIsTolerated() {
    String payload = "{\"sub\":\"user-42\",\"x\":\"?>?>?>~~\"}";
    String unpadded = b64url(payload);
    String padded = Base64.getUrlEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    String standard = Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(padded).endsWith("=").isEqualTo(unpadded + "=");
    assertThat(standard).contains("+").contains("/");
    String head = b64url(HS256);

    assertThat(fromAuthorization("Bearer " + head + "." + unpadded + ".sig")).isEqualTo("user-42");
    assertThat(fromAuthorization("Bearer " + head + "." + padded + ".sig")).isEqualTo("user-42");
    assertThat(fromAuthorization("Bearer " + head + "." + standard + ".sig")).isEqualTo("user-42");
  }

  @Test
  void claimsByNameNestedCaseInsensitiveAndNumeric() {
    String payload =
        "{\"sub\":\"s-1\",\"UserId\":\"u-7\",\"user\":{\"ID\":12345,\"Id\":\"shadowed\",\"id\":98765},"
            + "\"big\":9007199254740993,\"https://example.com/uid\":\"ns-1\",\"ratio\":1.5,"
            + "\"flag\":true,\"obj\":{},\"nil\":null,\"blank\":\" \"}";
    String token = "Bearer " + jwt(payload);

    assertThat(claim("sub", token)).isEqualTo("s-1");
    assertThat(claim("userid", token)).isEqualTo("u-7");
    assertThat(claim("user.id", token)).isEqualTo("98765");
    assertThat(claim("USER.ID", token)).isEqualTo("12345");
    assertThat(claim("big", token)).isEqualTo("9007199254740993");
    assertThat(claim("https://example.com/uid", token)).isEqualTo("ns-1");
    assertThat(claim("ratio", token)).isEqualTo("1.5");
    assertThat(claim("flag", token)).isNull();
    assertThat(claim("obj", token)).isNull();
    assertThat(claim("nil", token)).isNull();
    assertThat(claim("blank", token)).isNull();
    assertThat(claim("user", token)).isNull();
    assertThat(claim("user.id.more", token)).isNull();
    assertThat(claim("missing", token)).isNull();
    assertThat(claim("sub.", token)).isNull();
  }

  private static String claim(String field, String authorization) {
    return new UserIdExtractor(List.of("authorization"), field).extract(headers("Authorization", authorization));
  }

  @Test
  void basicGivesTheUserBeforeTheColon() {
    assertThat(fromAuthorization(basic("alice:secret"))).isEqualTo("alice");
    assertThat(fromAuthorization(basic("bob:pa:ss:word"))).isEqualTo("bob");
    assertThat(fromAuthorization(basic("jos\u00e9@example.com:pw"))).isEqualTo("jos\u00e9@example.com");
    assertThat(fromAuthorization("basic   " + basic("carol:x").substring(6))).isEqualTo("carol");
    assertThat(fromAuthorization("Basic " + b64url("dave:x?>"))).isEqualTo("dave");
    assertThat(fromAuthorization(basic("no-colon"))).isNull();
    assertThat(fromAuthorization(basic(":only-password"))).isNull();
    assertThat(fromAuthorization("Basic !!!!")).isNull();
    assertThat(fromAuthorization("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'})))
        .isNull();
    assertThat(fromAuthorization("Basic")).isNull();
    assertThat(fromAuthorization("Basic ")).isNull();
  }

  @Test
  void aRawJwtWithoutSchemeIsReadAsBearer() {
    UserIdExtractor apiKey = new UserIdExtractor(List.of("x-api-key"), "sub");

    assertThat(apiKey.extract(headers("X-Api-Key", jwt("{\"sub\":\"raw-1\"}")))).isEqualTo("raw-1");
    assertThat(apiKey.extract(headers("X-Api-Key", "sk_live_1234567890abcdef"))).isNull();
    assertThat(apiKey.extract(headers("X-Api-Key", "1.2.3"))).isNull();
    assertThat(apiKey.extract(headers("X-Api-Key", "Token " + jwt("{\"sub\":\"raw-1\"}")))).isNull();
  }

  @Test
  void theFirstConfiguredHeaderPresentWins() {
    UserIdExtractor extractor = new UserIdExtractor(List.of("x-user-token", "authorization"), "sub");
    String fromToken = "Bearer " + jwt("{\"sub\":\"from-token\"}");
    String fromAuth = "Bearer " + jwt("{\"sub\":\"from-auth\"}");

    assertThat(extractor.extract(headers("Authorization", fromAuth, "X-User-Token", fromToken))).isEqualTo("from-token");
    assertThat(extractor.extract(headers("Authorization", fromAuth))).isEqualTo("from-auth");
    assertThat(extractor.extract(headers("X-User-Token", "Bearer broken", "Authorization", fromAuth))).isNull();
    assertThat(extractor.extract(headers("X-Other", fromAuth))).isNull();
    assertThat(extractor.extract(headers())).isNull();
  }

  @Test
  void onlyTheFirstCommaSeparatedValueCounts() {
    String first = "Bearer " + jwt("{\"sub\":\"first\"}");
    String second = "Bearer " + jwt("{\"sub\":\"second\"}");
    assertThat(fromAuthorization(first + ", " + second)).isEqualTo("first");
    assertThat(fromAuthorization(", " + second)).isNull();
  }

  static Stream<Arguments> malformed() {
    String payload = "{\"sub\":\"u\"}";
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("scheme only", "Bearer"),
        Arguments.of("scheme and spaces", "Bearer   "),
        Arguments.of("not a jwt", "Bearer abcdef"),
        Arguments.of("two segments", "Bearer " + b64url(HS256) + "." + b64url(payload)),
        Arguments.of("four segments", "Bearer " + jwt(payload) + ".x"),
        Arguments.of("five segments (JWE)", "Bearer " + jwt(payload) + ".x.y"),
        Arguments.of("empty header segment", "Bearer ." + b64url(payload) + ".sig"),
        Arguments.of("empty payload segment", "Bearer " + b64url(HS256) + "..sig"),
        Arguments.of("bad base64 character", "Bearer " + b64url(HS256) + "." + b64url(payload) + "*.sig"),
        Arguments.of("impossible base64 length", "Bearer " + b64url(HS256) + ".eyJzd.sig"),
        Arguments.of("padding in the middle", "Bearer " + b64url(HS256) + ".ey=J.sig"),
        Arguments.of("payload not JSON", "Bearer " + b64url(HS256) + "." + b64url("sub=u") + ".sig"),
        Arguments.of("payload truncated JSON", "Bearer " + jwt("{\"sub\":\"u\"")),
        Arguments.of("payload array", "Bearer " + jwt("[{\"sub\":\"u\"}]")),
        Arguments.of("payload string", "Bearer " + jwt("\"u\"")),
        Arguments.of("header array", "Bearer " + jwt("[1]", payload)),
        Arguments.of("header not JSON", "Bearer " + b64url("alg") + "." + b64url(payload) + ".sig"),
        Arguments.of("missing claim", "Bearer " + jwt("{\"user\":\"u\"}")),
        Arguments.of("alg none", "Bearer " + b64url("{\"alg\":\"none\"}") + "." + b64url(payload) + "."),
        Arguments.of("alg NONE", "Bearer " + jwt("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", payload)),
        Arguments.of("alg missing", "Bearer " + jwt("{\"typ\":\"JWT\"}", payload)),
        Arguments.of("alg not a string", "Bearer " + jwt("{\"alg\":1}", payload)),
        Arguments.of("too deep", "Bearer " + jwt("{\"sub\":\"u\",\"x\":" + "[".repeat(300) + "]".repeat(300) + "}")),
        Arguments.of("oversized", "Bearer " + jwt("{\"sub\":\"u\",\"pad\":\"" + "a".repeat(7000) + "\"}")),
        Arguments.of("oversized raw", jwt("{\"sub\":\"u\",\"pad\":\"" + "a".repeat(7000) + "\"}")),
        Arguments.of("huge value", "Bearer " + "a".repeat(1024 * 1024)),
        Arguments.of("other scheme", "Digest username=\"u\""),
        Arguments.of("unicode", "Bearer \u00e9\u00e9." + b64url(payload) + ".sig"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedTokensGiveNoUserId(String description, String value) {
    assertThat(fromAuthorization(value)).isNull();
  }

  @Test
  void aTokenJustUnderTheLimitStillWorks() {
    String token = "Bearer " + jwt("{\"sub\":\"u-big\",\"pad\":\"" + "a".repeat(6000) + "\"}");
    assertThat(token.length()).isBetween(7_900, UserIdExtractor.MAX_TOKEN_LENGTH);
    assertThat(fromAuthorization(token)).isEqualTo("u-big");
  }

  @Test
  void aThrowingHeaderGetterGivesNull() {
    assertThat(DEFAULT.extract(name -> {
      throw new IllegalStateException("recycled");
    })).isNull();
  }
}
