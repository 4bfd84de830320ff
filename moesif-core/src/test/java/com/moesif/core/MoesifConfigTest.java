package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.moesif.core.internal.ConfigKeys;
import com.moesif.core.model.EventModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MoesifConfigTest {
  private static final String APP_ID = "eyJhcHAiOiJTZWNyZXRBcHBJZDEyMzQ1Njc4OTAifQ";

  private static MoesifConfig fromMap(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("APPLICATION_ID", APP_ID);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return MoesifConfig.fromMap(map);
  }

  private static MoesifConfig fromEnvironment(Map<String, String> env, Properties properties) {
    MoesifConfig.Builder builder = MoesifConfig.builder();
    ConfigKeys.applyEnvironment(builder, env, properties);
    return builder.build();
  }

  private static Properties properties(String... namesAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  private static CapturedRequest request(String path) {
    return (CapturedRequest)
        Proxy.newProxyInstance(
            CapturedRequest.class.getClassLoader(),
            new Class<?>[] {CapturedRequest.class},
            (proxy, method, args) -> switch (method.getName()) {
              case "path" -> path;
              case "header" -> "h-" + args[0];
              case "toString" -> "request " + path;
              default -> null;
            });
  }

  @Test
  void builderDefaults() {
    MoesifConfig config = MoesifConfig.builder().applicationId(APP_ID).build();

    assertThat(config.applicationId()).isEqualTo(APP_ID);
    assertThat(config.baseUri()).isEqualTo(URI.create("https://api.moesif.net"));
    assertThat(config.enabled()).isTrue();
    assertThat(config.debug()).isFalse();
    assertThat(config.logBody()).isTrue();
    assertThat(config.eventQueueSize()).isEqualTo(1_000_000);
    assertThat(config.maxQueueBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.eventWorkerCount()).isEqualTo(2);
    assertThat(config.batchSize()).isEqualTo(100);
    assertThat(config.maxBatchBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(config.batchTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.authorizationHeaderNames()).containsExactly("authorization");
    assertThat(config.authorizationUserIdField()).isEqualTo("sub");
    assertThat(config.apiVersion()).isNull();
    assertThat(config.transactionIdHeader()).isTrue();
    assertThat(config.requestMaxBodySize()).isEqualTo(1024 * 1024);
    assertThat(config.responseMaxBodySize()).isEqualTo(1024 * 1024);
    assertThat(config.maskedHeaders()).isEmpty();
    assertThat(config.maskedBodyFields()).isEmpty();
    assertThat(config.maskRecommended()).isTrue(); // private by default: the recommended masks are on
    assertThat(config.trustedProxies()).isNull();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxRetries()).isEqualTo(10);
    assertThat(config.retryBaseDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.shutdownHook()).isTrue();
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.configRefreshInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.incomingHooks()).isEqualTo(new MoesifConfig.Hooks(null, null, null, null, null));
    assertThat(config.outgoingHooks()).isEqualTo(new MoesifConfig.Hooks(null, null, null, null, null));
    assertThat(config.captureOutgoingRequests()).isFalse();
    assertThat(config.logBodyOutgoing()).isTrue();
    assertThat(config.maskEvent()).isNull();
    assertThat(config.toString()).isEqualTo(
        "MoesifConfig{applicationId=eyJh…, baseUri=https://api.moesif.net, logBody=true, batchSize=100, workers=2}");
  }

  @Test
  void missingApplicationIdSaysWhereToSetIt() {
    assertThatThrownBy(() -> MoesifConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("MoesifConfig: APPLICATION_ID is required")
        .hasMessageContaining("MOESIF_APPLICATION_ID")
        .hasMessageContaining("moesif.application_id");
    assertThatThrownBy(() -> MoesifConfig.fromMap(Map.of("LOG_BODY", true)))
        .hasMessageStartingWith("MoesifConfig: APPLICATION_ID is required");
  }

  /** Every key the builder's javadoc names is in the key table, and nothing else is. */
  @Test
  void keyTableMatchesTheBuilderJavadoc() throws Exception {
    String source =
        Files.readString(Path.of("src/main/java/com/moesif/core/MoesifConfig.java"), StandardCharsets.UTF_8);
    Matcher keys = Pattern.compile("/\\*\\*\\s*(?:\\*\\s*)?\\{@code ([A-Z][A-Z_]+)}").matcher(source);
    List<String> documented = new ArrayList<>();
    while (keys.find()) {
      documented.add(keys.group(1));
    }
    assertThat(documented).hasSize(47);
    assertThat(ConfigKeys.names()).containsExactlyElementsOf(documented);
    assertThat(ConfigKeys.scalarNames())
        .hasSize(36)
        .doesNotContain("SKIP", "IDENTIFY_USER", "MASK_EVENT_MODEL", "GET_METADATA_OUTGOING")
        .contains("APPLICATION_ID", "TRUSTED_PROXIES", "LOG_BODY_OUTGOING");
  }

  @Test
  void everyScalarKeyFromStrings() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("APPLICATION_ID", " " + APP_ID + " ");
    map.put("BASE_URI", "http://localhost:9500/collector");
    map.put("ENABLED", "no");
    map.put("DEBUG", "YES");
    map.put("LOG_BODY", "0");
    map.put("EVENT_QUEUE_SIZE", "5000");
    map.put("MAX_QUEUE_BYTES", "3000000000");
    map.put("EVENT_WORKER_COUNT", "4");
    map.put("BATCH_SIZE", "+250");
    map.put("MAX_BATCH_BYTES", "2048");
    map.put("EVENT_BATCH_TIMEOUT", "0.5");
    map.put("AUTHORIZATION_HEADER_NAME", "X-User-Token, Authorization");
    map.put("AUTHORIZATION_USER_ID_FIELD", "user.id");
    map.put("API_VERSION", "1.2");
    map.put("DISABLE_TRANSACTION_ID", "true");
    map.put("REQUEST_MAX_BODY_SIZE", "0");
    map.put("RESPONSE_MAX_BODY_SIZE", "4096");
    map.put("MASK_HEADERS", "X-Secret,,  X-Other ");
    map.put("MASK_BODY_FIELDS", "pin");
    map.put("MASK_RECOMMENDED", "0");
    map.put("TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8,::1");
    map.put("CONNECT_TIMEOUT", "PT0.5S");
    map.put("REQUEST_TIMEOUT", "3");
    map.put("MAX_RETRIES", "0");
    map.put("RETRY_BASE_DELAY", ".25");
    map.put("RETRY_MAX_DELAY", "pt1m");
    map.put("SHUTDOWN_HOOK", "False");
    map.put("SHUTDOWN_TIMEOUT", "1.000000001");
    map.put("CONFIG_REFRESH_INTERVAL", "120");
    map.put("CAPTURE_OUTGOING_REQUESTS", "true");
    map.put("LOG_BODY_OUTGOING", "false");

    MoesifConfig config = MoesifConfig.fromMap(map);

    assertThat(config.applicationId()).isEqualTo(APP_ID);
    assertThat(config.baseUri()).isEqualTo(URI.create("http://localhost:9500/collector"));
    assertThat(config.enabled()).isFalse();
    assertThat(config.debug()).isTrue();
    assertThat(config.logBody()).isFalse();
    assertThat(config.eventQueueSize()).isEqualTo(5000);
    assertThat(config.maxQueueBytes()).isEqualTo(3_000_000_000L);
    assertThat(config.eventWorkerCount()).isEqualTo(4);
    assertThat(config.batchSize()).isEqualTo(250);
    assertThat(config.maxBatchBytes()).isEqualTo(2048);
    assertThat(config.batchTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.authorizationHeaderNames()).containsExactly("x-user-token", "authorization");
    assertThat(config.authorizationUserIdField()).isEqualTo("user.id");
    assertThat(config.apiVersion()).isEqualTo("1.2");
    assertThat(config.transactionIdHeader()).isFalse();
    assertThat(config.requestMaxBodySize()).isZero();
    assertThat(config.responseMaxBodySize()).isEqualTo(4096);
    // The added names are kept apart from the recommended set, which MASK_RECOMMENDED=0 turns off.
    assertThat(config.maskedHeaders()).containsExactlyInAnyOrder("x-secret", "x-other");
    assertThat(config.maskedBodyFields()).containsExactly("pin");
    assertThat(config.maskRecommended()).isFalse();
    assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8", "::1");
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.maxRetries()).isZero();
    assertThat(config.retryBaseDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.shutdownHook()).isFalse();
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(1, 1));
    assertThat(config.configRefreshInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.captureOutgoingRequests()).isTrue();
    assertThat(config.logBodyOutgoing()).isFalse();
  }

  @Test
  void javaValuesAreTakenAsIs() {
    MoesifConfig config =
        fromMap(
            "BASE_URI", URI.create("https://proxy.example.com/moesif"),
            "LOG_BODY", false,
            "BATCH_SIZE", 7L,
            "EVENT_QUEUE_SIZE", 1000.0,
            "MAX_QUEUE_BYTES", new BigDecimal("2048"),
            "EVENT_BATCH_TIMEOUT", 0.25,
            "CONNECT_TIMEOUT", Duration.ofMillis(1500),
            "REQUEST_TIMEOUT", 4,
            "AUTHORIZATION_HEADER_NAME", List.of("X-Api-Key", " Authorization "),
            "MASK_HEADERS", new String[] {"X-One", " ", "X-Two"},
            "TRUSTED_PROXIES", List.of(),
            "MASK_RECOMMENDED", false,
            "DEBUG", 1);

    assertThat(config.baseUri()).isEqualTo(URI.create("https://proxy.example.com/moesif"));
    assertThat(config.logBody()).isFalse();
    assertThat(config.batchSize()).isEqualTo(7);
    assertThat(config.eventQueueSize()).isEqualTo(1000);
    assertThat(config.maxQueueBytes()).isEqualTo(2048L);
    assertThat(config.batchTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.authorizationHeaderNames()).containsExactly("x-api-key", "authorization");
    assertThat(config.maskedHeaders()).containsExactlyInAnyOrder("x-one", "x-two");
    assertThat(config.maskedBodyFields()).isEmpty();
    assertThat(config.maskRecommended()).isFalse();
    assertThat(config.trustedProxies()).isEmpty();
    assertThat(config.debug()).isTrue();
  }

  @Test
  void keysMatchIgnoringCaseAndSeparators() {
    for (String spelling : List.of("LOG_BODY", "logBody", "log_body", "LOG-BODY", "log.body", "Log_Body")) {
      assertThat(fromMap(spelling, "false").logBody()).as(spelling).isFalse();
    }
    assertThat(fromMap("eventBatchTimeout", 3).batchTimeout()).isEqualTo(Duration.ofSeconds(3));
    Map<String, Object> camel = Map.of("applicationId", APP_ID, "authorization-user-id-field", "uid");
    assertThat(MoesifConfig.fromMap(camel).authorizationUserIdField()).isEqualTo("uid");
  }

  @Test
  void aNullValueLeavesTheDefault() {
    MoesifConfig config = fromMap("LOG_BODY", null, "BATCH_SIZE", null, "SKIP", null, "TRUSTED_PROXIES", null);
    assertThat(config.logBody()).isTrue();
    assertThat(config.batchSize()).isEqualTo(100);
    assertThat(config.incomingHooks().skip()).isNull();
    assertThat(config.trustedProxies()).isNull();
  }

  @Test
  void aKeyGivenTwiceInDifferentSpellingsFails() {
    assertThatThrownBy(() -> fromMap("LOG_BODY", true, "logBody", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MoesifConfig: LOG_BODY is given twice, as \"LOG_BODY\" and \"logBody\": keep one");
  }

  @Test
  void unknownKeysSuggestTheNearestKey() {
    assertThatThrownBy(() -> fromMap("LOG_BDY", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MoesifConfig: unknown key \"LOG_BDY\": did you mean LOG_BODY?");
    assertThatThrownBy(() -> fromMap("logBdoy", true))
        .hasMessage("MoesifConfig: unknown key \"logBdoy\": did you mean LOG_BODY?");
    assertThatThrownBy(() -> fromMap("APLICATION_ID", "x"))
        .hasMessage("MoesifConfig: unknown key \"APLICATION_ID\": did you mean APPLICATION_ID?");
    assertThatThrownBy(() -> fromMap("IDENTIFY_USR_OUTGOING", "x"))
        .hasMessage("MoesifConfig: unknown key \"IDENTIFY_USR_OUTGOING\": did you mean IDENTIFY_USER_OUTGOING?");
    assertThatThrownBy(() -> MoesifConfig.fromMap(Map.of("MOESIF_APPLICATION_ID", APP_ID)))
        .hasMessage("MoesifConfig: unknown key \"MOESIF_APPLICATION_ID\": did you mean APPLICATION_ID?");
    assertThatThrownBy(() -> fromMap("SAMPLE_RATE", 50))
        .hasMessage(
            "MoesifConfig: unknown key \"SAMPLE_RATE\": the keys are the seed's option names, listed in the"
                + " javadoc of MoesifConfig.Builder (each setter names its key) and in the README's"
                + " configuration table");
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("LOG_BODY", "maybe", "\"maybe\"", "true or false (also yes/no, 1/0)"),
        Arguments.of("LOG_BODY", 2, "2 (Integer)", "true or false (also yes/no, 1/0)"),
        Arguments.of("LOG_BODY", "", "\"\"", "true or false (also yes/no, 1/0)"),
        Arguments.of("BATCH_SIZE", "ten", "\"ten\"", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", "2.5", "\"2.5\"", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", 2.5, "2.5 (Double)", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", "1e3", "\"1e3\"", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", 3_000_000_000L, "3000000000 (Long)", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", Double.NaN, "NaN (Double)", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", 0, "0", "an integer from 1 to 10000"),
        Arguments.of("BATCH_SIZE", "10001", "10001", "an integer from 1 to 10000"),
        Arguments.of("MAX_QUEUE_BYTES", "99999999999999999999", "\"99999999999999999999\"", "at least 1024 bytes"),
        Arguments.of("MAX_QUEUE_BYTES", "1k", "\"1k\"", "at least 1024 bytes"),
        Arguments.of("EVENT_QUEUE_SIZE", "lots", "\"lots\"", "a positive integer"),
        Arguments.of("EVENT_WORKER_COUNT", "4.5", "\"4.5\"", "an integer from 1 to 64"),
        Arguments.of("MAX_BATCH_BYTES", "8MB", "\"8MB\"", "from 1024 to 41943040 bytes"),
        Arguments.of("REQUEST_MAX_BODY_SIZE", 1.5, "1.5 (Double)", "a byte count from 0 to 16777216"),
        Arguments.of("MAX_RETRIES", "many", "\"many\"", "an integer from 0 to 20"),
        Arguments.of("MAX_QUEUE_BYTES", 100, "100", "at least 1024 bytes"),
        Arguments.of("EVENT_QUEUE_SIZE", -1, "-1", "a positive integer"),
        Arguments.of("EVENT_WORKER_COUNT", 65, "65", "an integer from 1 to 64"),
        Arguments.of("MAX_BATCH_BYTES", 10, "10", "from 1024 to 41943040 bytes"),
        Arguments.of("REQUEST_MAX_BODY_SIZE", -5, "-5", "a byte count from 0 to 16777216"),
        Arguments.of("RESPONSE_MAX_BODY_SIZE", "20000000", "20000000", "a byte count from 0 to 16777216"),
        Arguments.of("MAX_RETRIES", 21, "21", "an integer from 0 to 20"),
        Arguments.of("EVENT_BATCH_TIMEOUT", "2s", "\"2s\"", "a duration: seconds as a number (2, \"0.5\"), a java.time.Duration or an ISO-8601 string such as \"PT0.5S\""),
        Arguments.of("EVENT_BATCH_TIMEOUT", "PT2", "\"PT2\"", "a duration: seconds as a number"),
        Arguments.of("EVENT_BATCH_TIMEOUT", true, "true (Boolean)", "a duration: seconds as a number"),
        Arguments.of("EVENT_BATCH_TIMEOUT", 1e300, "1.0E300 (Double)", "a duration: seconds as a number"),
        Arguments.of("CONNECT_TIMEOUT", 0, "PT0S", "a positive duration"),
        Arguments.of("REQUEST_TIMEOUT", "-1", "PT-1S", "a positive duration"),
        Arguments.of("SHUTDOWN_TIMEOUT", Duration.ofSeconds(-2), "PT-2S", "a positive duration"),
        Arguments.of("BASE_URI", "not a uri", "\"not a uri\"", "an absolute http(s) URI such as http://localhost:9500/collector"),
        Arguments.of("BASE_URI", "ftp://example.com", "ftp://example.com", "an absolute http(s) URI"),
        Arguments.of("BASE_URI", "/relative", "/relative", "an absolute http(s) URI"),
        Arguments.of("BASE_URI", 42, "42 (Integer)", "an absolute http(s) URI"),
        Arguments.of("AUTHORIZATION_HEADER_NAME", "Bad Header", "[Bad Header]", "comma-separated header names"),
        Arguments.of("AUTHORIZATION_HEADER_NAME", " , ", "[]", "at least one header name"),
        Arguments.of("AUTHORIZATION_HEADER_NAME", List.of("ok", 3), "[ok, 3]", "a List or array of strings, or a comma-separated string"),
        Arguments.of("MASK_HEADERS", 5, "5 (Integer)", "a List or array of strings, or a comma-separated string"),
        Arguments.of("TRUSTED_PROXIES", "10.0.0.0/8, example.com", "\"example.com\"", "IP literals or CIDR ranges such as 10.0.0.0/8"),
        Arguments.of("TRUSTED_PROXIES", "10.0.0.0/33", "\"10.0.0.0/33\"", "IP literals or CIDR ranges such as 10.0.0.0/8"),
        Arguments.of("TRUSTED_PROXIES", "1.2.3", "\"1.2.3\"", "IP literals or CIDR ranges such as 10.0.0.0/8"),
        Arguments.of("API_VERSION", List.of("1"), "[1]", "a string"),
        Arguments.of("AUTHORIZATION_USER_ID_FIELD", " ", " ", "a claim name such as \"sub\" or \"user.id\""),
        Arguments.of("SKIP", "true", "\"true\"", "a BiPredicate<CapturedRequest, CapturedResponse> or a Predicate<CapturedRequest>"),
        Arguments.of("IDENTIFY_USER", "sub", "\"sub\"", "a BiFunction<CapturedRequest, CapturedResponse, String> or a Function<CapturedRequest, String>"),
        Arguments.of("GET_METADATA", new HashMap<String, Object>(), "a java.util.HashMap", "a BiFunction<CapturedRequest, CapturedResponse, Map<String, ?>> or a Function<CapturedRequest, Map<String, ?>>"),
        Arguments.of("MASK_EVENT_MODEL", (Predicate<EventModel>) e -> true, "a com.moesif.core.MoesifConfigTest$$Lambda", "a UnaryOperator<EventModel> or a Function<EventModel, EventModel>"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalidValues")
  void invalidValuesNameKeyValueAndExpectedForm(String key, Object value, String shown, String expected) {
    Throwable error = catchThrowable(() -> fromMap(key, value));

    assertThat(error)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("MoesifConfig: invalid " + key + " = " + shown)
        .hasMessageContaining(": expected " + expected);
  }

  /** A value that is not a number is told the setting's own range, not the range of a Java int. */
  @Test
  void aNonNumberIsToldTheSettingsOwnRange() {
    assertThatThrownBy(() -> fromMap("BATCH_SIZE", "abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MoesifConfig: invalid BATCH_SIZE = \"abc\": expected an integer from 1 to 10000");
    assertThatThrownBy(() -> fromMap("BATCH_SIZE", 10_001))
        .hasMessage("MoesifConfig: invalid BATCH_SIZE = 10001: expected an integer from 1 to 10000");
    assertThatThrownBy(() -> fromMap("MAX_RETRIES", "-"))
        .hasMessage("MoesifConfig: invalid MAX_RETRIES = \"-\": expected an integer from 0 to 20");
    assertThatThrownBy(() -> fromMap("EVENT_WORKER_COUNT", 3_000_000_000L))
        .hasMessage("MoesifConfig: invalid EVENT_WORKER_COUNT = 3000000000 (Long): expected an integer from 1 to 64");
  }

  @Test
  void longValuesAreCutInMessages() {
    String huge = "x".repeat(5000);
    assertThatThrownBy(() -> fromMap("LOG_BODY", huge))
        .hasMessage(
            "MoesifConfig: invalid LOG_BODY = \""
                + "x".repeat(199)
                + "… (5002 characters): expected true or false (also yes/no, 1/0)");
  }

  @Test
  void checkCidrAcceptsLiteralsAndRanges() {
    for (String ok : List.of("10.0.0.0/8", "192.168.1.7", "0.0.0.0/0", "::1", "fd00::/8", "::/0", "2001:db8::/32", " 10.1.2.3/32 ")) {
      assertThatCode(() -> ConfigKeys.checkCidr(ok)).as(ok).doesNotThrowAnyException();
    }
    for (String bad : List.of("", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/-1", "::1/129", "localhost", "256.0.0.0/8", "fe80::1%eth0", "[::1]")) {
      assertThatThrownBy(() -> ConfigKeys.checkCidr(bad))
          .as(bad)
          .hasMessage(
              "MoesifConfig: invalid TRUSTED_PROXIES = \"" + bad + "\": expected IP literals or CIDR ranges such as 10.0.0.0/8");
    }
  }

  @Test
  void hooksAreAdaptedFromOneArgumentForms() {
    CapturedRequest health = request("/health");
    CapturedRequest other = request("/items");
    Predicate<CapturedRequest> skipHealth = r -> r.path().equals("/health");
    Function<CapturedRequest, String> user = r -> "user" + r.path();
    Function<CapturedRequest, Map<String, ?>> metadata = r -> Map.of("path", r.path());
    Function<EventModel, EventModel> dropAll = e -> null;

    MoesifConfig config =
        fromMap(
            "SKIP", skipHealth,
            "IDENTIFY_USER", user,
            "IDENTIFY_COMPANY", (Function<CapturedRequest, String>) r -> r.header("x-company"),
            "GET_SESSION_TOKEN", user,
            "GET_METADATA", metadata,
            "MASK_EVENT_MODEL", dropAll,
            "SKIP_OUTGOING", skipHealth,
            "IDENTIFY_USER_OUTGOING", user,
            "IDENTIFY_COMPANY_OUTGOING", user,
            "GET_SESSION_TOKEN_OUTGOING", user,
            "GET_METADATA_OUTGOING", metadata);

    CapturedResponse ok =
        (CapturedResponse)
            Proxy.newProxyInstance(
                CapturedResponse.class.getClassLoader(),
                new Class<?>[] {CapturedResponse.class},
                (proxy, method, args) -> method.getName().equals("status") ? 200 : null);

    MoesifConfig.Hooks in = config.incomingHooks();
    assertThat(in.skip().test(health, null)).isTrue();
    assertThat(in.skip().test(health, ok)).isTrue();
    assertThat(in.skip().test(other, null)).isFalse();
    assertThat(in.skip().test(other, ok)).isFalse();
    assertThat(in.identifyUser().apply(other, ok)).isEqualTo("user/items");
    assertThat(in.identifyCompany().apply(other, null)).isEqualTo("h-x-company");
    assertThat(in.sessionToken().apply(health, null)).isEqualTo("user/health");
    assertThat(in.metadata().apply(other, null)).isEqualTo(Map.of("path", "/items"));
    assertThat(config.maskEvent().apply(null)).isNull();
    MoesifConfig.Hooks out = config.outgoingHooks();
    assertThat(out.skip().test(health, null)).isTrue();
    assertThat(out.identifyUser().apply(health, null)).isEqualTo("user/health");
    assertThat(out.identifyCompany().apply(health, null)).isEqualTo("user/health");
    assertThat(out.sessionToken().apply(health, null)).isEqualTo("user/health");
    assertThat(out.metadata().apply(health, null)).isEqualTo(Map.of("path", "/health"));
  }

  @Test
  void twoArgumentHooksAreKeptAsGiven() {
    BiPredicate<CapturedRequest, CapturedResponse> skip = (req, res) -> res != null;
    BiFunction<CapturedRequest, CapturedResponse, String> user = (req, res) -> "u";
    BiFunction<CapturedRequest, CapturedResponse, Map<String, ?>> metadata = (req, res) -> Map.of();
    UnaryOperator<EventModel> mask = UnaryOperator.identity();

    MoesifConfig config =
        fromMap("SKIP", skip, "IDENTIFY_USER", user, "GET_METADATA", metadata, "MASK_EVENT_MODEL", mask);

    assertThat(config.incomingHooks().skip()).isSameAs(skip);
    assertThat(config.incomingHooks().identifyUser()).isSameAs(user);
    assertThat(config.incomingHooks().metadata()).isSameAs(metadata);
    assertThat(config.maskEvent()).isSameAs(mask);
  }

  @Test
  void environmentVariablesThenSystemPropertiesWhichWin() {
    Map<String, String> env = new HashMap<>();
    env.put("MOESIF_APPLICATION_ID", APP_ID);
    env.put("MOESIF_LOG_BODY", "false");
    env.put("MOESIF_BATCH_SIZE", "50");
    env.put("MOESIF_MASK_HEADERS", "X-From-Env");
    env.put("MOESIF_EVENT_BATCH_TIMEOUT", "0.5");
    env.put("PATH", "/usr/bin");
    Properties properties =
        properties(
            "moesif.batch_size", "75",
            "moesif.maskHeaders", "X-From-Props",
            "moesif.base-uri", "http://localhost:9500",
            "user.home", "/home/x");

    MoesifConfig config = fromEnvironment(env, properties);

    assertThat(config.applicationId()).isEqualTo(APP_ID);
    assertThat(config.logBody()).isFalse();
    assertThat(config.batchSize()).isEqualTo(75);
    assertThat(config.maskedHeaders()).containsExactly("x-from-props");
    assertThat(config.batchTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.baseUri()).isEqualTo(URI.create("http://localhost:9500"));
  }

  @Test
  void propertyNamesTakeAnySpelling() {
    for (String name : List.of("moesif.application_id", "moesif.applicationId", "moesif.application-id", "MOESIF.APPLICATION.ID")) {
      assertThat(fromEnvironment(Map.of(), properties(name, APP_ID)).applicationId()).as(name).isEqualTo(APP_ID);
    }
    assertThat(fromEnvironment(Map.of("moesif_applicationId", APP_ID), new Properties()).applicationId())
        .isEqualTo(APP_ID);
  }

  @Test
  void blankEnvironmentValuesAreUnset() {
    MoesifConfig config =
        fromEnvironment(Map.of("MOESIF_APPLICATION_ID", APP_ID, "MOESIF_LOG_BODY", " ", "MOESIF_TRUSTED_PROXIES", ""), new Properties());
    assertThat(config.logBody()).isTrue();
    assertThat(config.trustedProxies()).isNull();
  }

  @Test
  void badEnvironmentValuesFailNamingTheVariable() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("MOESIF_APPLICATION_ID", APP_ID, "MOESIF_BATCH_SIZE", "lots"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MoesifConfig: invalid BATCH_SIZE = \"lots\": expected an integer from 1 to 10000"
                + " (from environment variable MOESIF_BATCH_SIZE)");
    assertThatThrownBy(() -> fromEnvironment(Map.of(), properties("moesif.logBody", "sometimes")))
        .hasMessage(
            "MoesifConfig: invalid LOG_BODY = \"sometimes\": expected true or false (also yes/no, 1/0)"
                + " (from system property moesif.logBody)");
    assertThatThrownBy(() -> fromEnvironment(Map.of("MOESIF_MAX_RETRIES", "99"), new Properties()))
        .hasMessage("MoesifConfig: invalid MAX_RETRIES = 99: expected an integer from 0 to 20 (from environment variable MOESIF_MAX_RETRIES)");
  }

  @Test
  void unknownEnvironmentNamesOnlyWarn() {
    Map<String, String> env = Map.of(
        "MOESIF_APPLICATION_ID", APP_ID,
        "MOESIF_LOG_BDY", "false",
        "MOESIF_SKIP", "true",
        "MOESIF_DASHBOARD_URL", "https://example.com");
    String log = stderrOf(() -> {
      MoesifConfig config = fromEnvironment(env, properties("moesif.batchSze", "5"));
      assertThat(config.logBody()).isTrue();
      assertThat(config.batchSize()).isEqualTo(100);
    });

    assertThat(log)
        .contains("WARN com.moesif - MoesifConfig: ignoring environment variable MOESIF_LOG_BDY: not a configuration key; did you mean MOESIF_LOG_BODY?")
        .contains("MoesifConfig: ignoring system property moesif.batchSze: not a configuration key; did you mean moesif.batch_size?")
        .contains("MoesifConfig: ignoring environment variable MOESIF_SKIP: SKIP is a hook and can only be set in code")
        .contains("MoesifConfig: ignoring environment variable MOESIF_DASHBOARD_URL: not a configuration key; the keys are the seed's option names")
        .doesNotContain(APP_ID.substring(4));
  }

  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void applicationIdNeverAppearsInMessages() {
    String secret = "SecretAppId-1234567890";
    String tail = secret.substring(4);
    List<Throwable> errors = new ArrayList<>();
    errors.add(catchThrowable(() -> MoesifConfig.builder().applicationId("Secr etAppId-1234567890")));
    errors.add(catchThrowable(() -> MoesifConfig.builder().applicationId(secret + "\u00e9")));
    errors.add(catchThrowable(() -> MoesifConfig.fromMap(Map.of("APPLICATION_ID", List.of(secret)))));
    errors.add(catchThrowable(() -> MoesifConfig.fromMap(Map.of("APPLICATION_ID", new StringBuilder(secret + " x")))));
    errors.add(catchThrowable(() -> MoesifConfig.fromMap(Map.of("APPLICATION_ID", secret, "BATCH_SIZE", "x"))));
    errors.add(catchThrowable(() -> MoesifConfig.fromMap(Map.of("APPLICATION_ID", secret, "LOG_BDY", secret))));
    errors.add(catchThrowable(() -> MoesifConfig.fromMap(Map.of("APPLICATION_ID", secret, "applicationId", secret))));
    errors.add(catchThrowable(() -> fromEnvironment(Map.of("MOESIF_APPLICATION_ID", "Secr etAppId-1234567890"), new Properties())));
    errors.add(catchThrowable(() -> fromEnvironment(Map.of(), properties("moesif.applicationId", secret + "\u00e9x"))));

    assertThat(errors).hasSize(9).allSatisfy(error -> {
      assertThat(error).isInstanceOf(IllegalArgumentException.class);
      for (Throwable t = error; t != null; t = t.getCause()) {
        assertThat(t.getMessage()).doesNotContain(tail).doesNotContain("etAppId");
      }
    });
    assertThat(errors.get(0)).hasMessage("MoesifConfig: invalid APPLICATION_ID = Secr…: expected printable ASCII without spaces");
    assertThat(errors.get(2)).hasMessage("MoesifConfig: invalid APPLICATION_ID = [Sec…: expected a string");
    String log = stderrOf(() -> fromEnvironment(Map.of("MOESIF_APPLICATION_ID", secret, "MOESIF_APP_ID", secret), new Properties()));
    assertThat(log).contains("MOESIF_APP_ID").doesNotContain(tail);
    assertThat(fromMap().toString()).doesNotContain(APP_ID.substring(4));
  }

  @Test
  void settingsListTheKeyTable() {
    List<MoesifConfig.Setting> settings = MoesifConfig.settings();

    assertThat(settings).extracting(MoesifConfig.Setting::key).containsExactlyElementsOf(ConfigKeys.names());
    assertThat(settings).filteredOn(s -> !s.codeOnly()).extracting(MoesifConfig.Setting::key)
        .containsExactlyElementsOf(ConfigKeys.scalarNames());
    assertThat(settings).allSatisfy(s -> {
      assertThat(s.propertyName()).isEqualTo(s.key().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      assertThat(s.description()).isNotBlank().endsWith(".").doesNotContain("\n");
      assertThat(s.type()).isNotNull();
    });
    assertThat(settings.get(0))
        .isEqualTo(new MoesifConfig.Setting("APPLICATION_ID", "application-id", String.class, null,
            "Application id from the Moesif portal's API Keys page.", false));
    assertThat(settings).filteredOn(s -> s.key().equals("EVENT_BATCH_TIMEOUT")).singleElement()
        .extracting(MoesifConfig.Setting::type, MoesifConfig.Setting::defaultValue)
        .containsExactly(Duration.class, "PT2S");
    assertThat(settings).filteredOn(s -> s.key().equals("GET_METADATA")).singleElement()
        .extracting(MoesifConfig.Setting::type, MoesifConfig.Setting::defaultValue, MoesifConfig.Setting::codeOnly)
        .containsExactly(BiFunction.class, null, true);
    assertThatThrownBy(() -> settings.remove(0)).isInstanceOf(UnsupportedOperationException.class);
  }

  /** Each default the table publishes, given back as a value, builds the same config as leaving it out. */
  @Test
  void settingsDefaultsAreTheBuildersDefaults() throws Exception {
    MoesifConfig defaults = fromMap();
    Map<String, Object> everyDefault = new LinkedHashMap<>();
    for (MoesifConfig.Setting setting : MoesifConfig.settings()) {
      if (setting.defaultValue() != null) {
        everyDefault.put(setting.key(), setting.defaultValue());
      }
    }
    assertThat(everyDefault).containsEntry("MAX_QUEUE_BYTES", "67108864").containsEntry("BASE_URI", "https://api.moesif.net");
    MoesifConfig fromDefaults = fromMap(everyDefault.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray());

    int compared = 0;
    for (Method accessor : MoesifConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(accessor.getModifiers()) && !Modifier.isStatic(accessor.getModifiers())
          && accessor.getParameterCount() == 0 && !Set.of("toBuilder", "hashCode").contains(accessor.getName())) {
        assertThat(accessor.invoke(fromDefaults)).as(accessor.getName()).isEqualTo(accessor.invoke(defaults));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(41);
  }

  @Test
  void toBuilderRoundTripKeepsEveryValue() throws Exception {
    BiPredicate<CapturedRequest, CapturedResponse> skip = (req, res) -> false;
    BiFunction<CapturedRequest, CapturedResponse, String> id = (req, res) -> "id";
    BiFunction<CapturedRequest, CapturedResponse, Map<String, ?>> metadata = (req, res) -> Map.of();
    MoesifConfig original =
        MoesifConfig.builder()
            .applicationId(APP_ID)
            .baseUri(URI.create("http://localhost:1234"))
            .enabled(false)
            .debug(true)
            .logBody(false)
            .eventQueueSize(10)
            .maxQueueBytes(4096)
            .eventWorkerCount(3)
            .batchSize(9)
            .maxBatchBytes(5000)
            .batchTimeout(Duration.ofMillis(300))
            .loadShedding(false)
            .maxQueueAge(Duration.ofMillis(700))
            .maxSdkCpuPercent(35)
            .authorizationHeaderNames("X-Token")
            .authorizationUserIdField("uid")
            .apiVersion("2")
            .transactionIdHeader(false)
            .requestMaxBodySize(10)
            .responseMaxBodySize(20)
            .maskHeaders("X-A")
            .maskBodyFields("f")
            .maskRecommended(false)
            .trustedProxies(List.of("10.0.0.0/8"))
            .trustedProxyIpHeaders(List.of("CF-Connecting-IP"))
            .maxCaptureBytes(4096)
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(2))
            .maxRetries(5)
            .retryBaseDelay(Duration.ofMillis(7))
            .retryMaxDelay(Duration.ofSeconds(8))
            .shutdownHook(false)
            .shutdownTimeout(Duration.ofSeconds(9))
            .configRefreshInterval(Duration.ofSeconds(11))
            .skip(skip)
            .identifyUser(id)
            .identifyCompany(id)
            .sessionToken(id)
            .metadata(metadata)
            .maskEvent(UnaryOperator.identity())
            .captureOutgoingRequests(true)
            .logBodyOutgoing(false)
            .skipOutgoing(skip)
            .identifyUserOutgoing(id)
            .identifyCompanyOutgoing(id)
            .sessionTokenOutgoing(id)
            .metadataOutgoing(metadata)
            .build();
    MoesifConfig copy = original.toBuilder().build();
    MoesifConfig defaults = MoesifConfig.builder().applicationId("other-app").build();

    int compared = 0;
    for (Method accessor : MoesifConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(accessor.getModifiers())
          && !Modifier.isStatic(accessor.getModifiers())
          && accessor.getParameterCount() == 0
          && !Set.of("toBuilder", "toString", "hashCode").contains(accessor.getName())) {
        assertThat(accessor.invoke(copy)).as(accessor.getName()).isEqualTo(accessor.invoke(original));
        assertThat(accessor.invoke(defaults)).as(accessor.getName()).isNotEqualTo(accessor.invoke(original));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(40);
    assertThat(copy.toBuilder().batchSize(1).build().batchSize()).isEqualTo(1);
    assertThat(original.batchSize()).isEqualTo(9);
  }
}
