package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Properties over arbitrary (hostile) input for every parser that sees client- or server-supplied
 * data: they never throw, and what they return is well-formed.
 */
class HostileInputPropertiesTest {

  @Property(tries = 500)
  void bodyDetectionNeverThrowsAndBase64RoundTrips(@ForAll @Size(max = 2048) byte[] bytes, @ForAll("contentTypes") String type)
      throws Exception {
    EventBody body = EventBody.of(bytes, bytes.length, type);
    if (body.isJson()) {
      JsonNode tree = Json.MAPPER.readTree(body.jsonText());
      assertThat(Json.MAPPER.readTree(tree.toString())).isEqualTo(tree);
      assertThat(EventBody.fromValue(body.value()).value()).isEqualTo(body.value());
    } else {
      assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(bytes);
    }
  }

  @Property(tries = 300)
  void jsonTextIsAlwaysRecognised(@ForAll("jsonValues") String json) {
    byte[] bytes = (" \n" + json).getBytes(StandardCharsets.UTF_8);
    assertThat(EventBody.of(bytes, bytes.length, "application/json").isJson()).isTrue();
  }

  @Property(tries = 300)
  void decoderNeverThrowsOnClaimedGzip(@ForAll @Size(max = 1024) byte[] bytes, @ForAll("encodings") String encoding) {
    PendingEvent.RawBody raw = new PendingEvent.RawBody(bytes, bytes.length, bytes.length, 4096, "application/json", encoding);
    if (bytes.length == 0) {
      assertThat(BodyDecoder.decode(raw)).isNull();
    } else {
      assertThat(BodyDecoder.decode(raw)).isNotNull();
    }
  }

  @Property(tries = 500)
  void userIdExtractionNeverThrows(@ForAll @StringLength(max = 300) String credential, @ForAll("schemes") String scheme) {
    UserIdExtractor extractor = new UserIdExtractor(List.of("authorization"), "sub");
    extractor.extract(name -> scheme + credential);
  }

  @Property(tries = 300)
  void forgedJwtPayloadsNeverThrow(@ForAll @StringLength(max = 200) String payload) {
    String token = "eyJhbGciOiJIUzI1NiJ9."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    String id = new UserIdExtractor(List.of("authorization"), "user.id").extract(name -> "Bearer " + token);
    assertThat(id == null || !id.isBlank()).isTrue();
  }

  @Property(tries = 500)
  void clientIpIsAValidLiteralOrNull(@ForAll @StringLength(max = 200) String forwarded, @ForAll("headerNames") String header) {
    ClientIpResolver resolver = new ClientIpResolver(null);
    String ip = resolver.resolve(new String[] {header, forwarded}, "not-an-ip");
    assertThat(ip == null || IpAddresses.isLiteral(ip)).as(String.valueOf(ip)).isTrue();
  }

  @Property(tries = 300)
  void configParsingFailsOnlyWithIllegalArgument(@ForAll("configKeys") String key, @ForAll @StringLength(max = 40) String value) {
    try {
      MoesifConfig.builder().applicationId("abcd1234").apply(Map.of(key, value)).build();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).contains("MoesifConfig").doesNotContain("abcd1234");
    }
  }

  @Property(tries = 300)
  void governanceMatchingNeverThrows(@ForAll @StringLength(max = 60) String regex, @ForAll @StringLength(max = 200) String route)
      throws Exception {
    com.fasterxml.jackson.databind.node.ArrayNode rules = Json.MAPPER.createArrayNode();
    com.fasterxml.jackson.databind.node.ObjectNode rule = rules.addObject();
    rule.put("_id", "r").put("type", "regex").put("block", true);
    rule.putObject("response").put("status", 400);
    rule.putArray("regex_config").addObject().putArray("conditions").addObject()
        .put("path", "request.route").put("value", regex);
    GovernanceRules parsed = GovernanceRules.parse(rules, null);
    parsed.evaluate(new GovernanceRules.Input("GET", route, null, n -> null, null, null, null), ServerConfig.DEFAULT);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "text/plain", "application/octet-stream", "application/vnd.api+json", "");
  }

  @Provide
  Arbitrary<String> encodings() {
    return Arbitraries.of("gzip", "deflate", "x-gzip", "identity", "br", "");
  }

  @Provide
  Arbitrary<String> schemes() {
    return Arbitraries.of("Bearer ", "Basic ", "bearer ", "", "Token ");
  }

  @Provide
  Arbitrary<String> headerNames() {
    return Arbitraries.of("X-Forwarded-For", "Forwarded", "X-Client-IP", "X-Real-IP", "X-Forwarded", "True-Client-IP");
  }

  @Provide
  Arbitrary<String> configKeys() {
    return Arbitraries.of("BATCH_SIZE", "EVENT_BATCH_TIMEOUT", "LOG_BODY", "BASE_URI", "TRUSTED_PROXIES",
        "AUTHORIZATION_HEADER_NAME", "MASK_HEADERS", "REQUEST_MAX_BODY_SIZE", "MAX_RETRIES", "LOG_BDY");
  }

  @Provide
  Arbitrary<String> jsonValues() {
    Arbitrary<String> scalars = Arbitraries.oneOf(
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.strings().ofMaxLength(20).map(s -> {
          try {
            return Json.MAPPER.writeValueAsString(s);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }),
        Arbitraries.of("true", "false", "null"));
    return Arbitraries.oneOf(
        scalars,
        scalars.list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
        scalars.list().ofMaxSize(5).map(l -> {
          StringBuilder sb = new StringBuilder("{");
          for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(l.get(i));
          }
          return sb.append("}").toString();
        }));
  }
}
