package com.moesif.core.internal;

import com.moesif.core.CapturedRequest;
import com.moesif.core.CapturedResponse;
import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the seed's {@code UPPER_CASE} keys, {@code MOESIF_*} environment variables and
 * {@code moesif.*} system properties are mapped onto {@link MoesifConfig.Builder} setters, and
 * where validation messages are worded.
 *
 * <p>A key is matched after {@linkplain #normalize(String) normalisation}: case is ignored and so
 * are {@code _}, {@code -} and {@code .}, so {@code LOG_BODY}, {@code logBody}, {@code log-body}
 * and {@code moesif.log_body} all name the same setting.
 */
public final class ConfigKeys {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");

  private static final String ENV_PREFIX = "MOESIF_";
  private static final String PROPERTY_PREFIX = "moesif.";
  private static final String WHERE_KEYS_ARE =
      "the keys are the seed's option names, listed in the javadoc of MoesifConfig.Builder (each"
          + " setter names its key) and in the README's configuration table";
  private static final int MAX_SHOWN_VALUE = 200;

  private static final String BOOLEAN = "true or false (also yes/no, 1/0)";
  private static final String INT = "an integer from -2147483648 to 2147483647, without a fraction";
  private static final String LONG = "an integer without a fraction";
  private static final String DURATION =
      "a duration: seconds as a number (2, \"0.5\"), a java.time.Duration or an ISO-8601 string"
          + " such as \"PT0.5S\"";
  private static final String URI_FORM = "an absolute http(s) URI such as http://localhost:9500/collector";
  private static final String TEXT = "a string";
  private static final String LIST = "a List or array of strings, or a comma-separated string";
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,30}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]{1,30}(?:\\.[0-9]{0,30})?|\\.[0-9]{1,30})");
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private record Key(String name, boolean hook, BiConsumer<MoesifConfig.Builder, Object> setter) {}

  /** Every key, in the order of MoesifConfig.Builder's setters (also the order they are applied in). */
  private static final List<Key> KEYS =
      List.of(
          text("APPLICATION_ID", MoesifConfig.Builder::applicationId),
          uri("BASE_URI", MoesifConfig.Builder::baseUri),
          bool("ENABLED", MoesifConfig.Builder::enabled),
          bool("DEBUG", MoesifConfig.Builder::debug),
          bool("LOG_BODY", MoesifConfig.Builder::logBody),
          integer("EVENT_QUEUE_SIZE", MoesifConfig.Builder::eventQueueSize),
          longInteger("MAX_QUEUE_BYTES", MoesifConfig.Builder::maxQueueBytes),
          longInteger("MAX_CAPTURE_BYTES", MoesifConfig.Builder::maxCaptureBytes),
          integer("EVENT_WORKER_COUNT", MoesifConfig.Builder::eventWorkerCount),
          integer("BATCH_SIZE", MoesifConfig.Builder::batchSize),
          integer("MAX_BATCH_BYTES", MoesifConfig.Builder::maxBatchBytes),
          duration("EVENT_BATCH_TIMEOUT", MoesifConfig.Builder::batchTimeout),
          list("AUTHORIZATION_HEADER_NAME", MoesifConfig.Builder::authorizationHeaderNames),
          text("AUTHORIZATION_USER_ID_FIELD", MoesifConfig.Builder::authorizationUserIdField),
          text("API_VERSION", MoesifConfig.Builder::apiVersion),
          bool("DISABLE_TRANSACTION_ID", MoesifConfig.Builder::disableTransactionId),
          integer("REQUEST_MAX_BODY_SIZE", MoesifConfig.Builder::requestMaxBodySize),
          integer("RESPONSE_MAX_BODY_SIZE", MoesifConfig.Builder::responseMaxBodySize),
          list("MASK_HEADERS", (b, names) -> b.maskHeaders(names.toArray(String[]::new))),
          list("MASK_BODY_FIELDS", (b, names) -> b.maskBodyFields(names.toArray(String[]::new))),
          bool(
              "MASK_RECOMMENDED",
              (b, on) -> {
                if (on) {
                  b.maskRecommended();
                }
              }),
          list("TRUSTED_PROXIES", MoesifConfig.Builder::trustedProxies),
          list("TRUSTED_PROXY_IP_HEADERS", MoesifConfig.Builder::trustedProxyIpHeaders),
          duration("CONNECT_TIMEOUT", MoesifConfig.Builder::connectTimeout),
          duration("REQUEST_TIMEOUT", MoesifConfig.Builder::requestTimeout),
          integer("MAX_RETRIES", MoesifConfig.Builder::maxRetries),
          duration("RETRY_BASE_DELAY", MoesifConfig.Builder::retryBaseDelay),
          duration("RETRY_MAX_DELAY", MoesifConfig.Builder::retryMaxDelay),
          bool("SHUTDOWN_HOOK", MoesifConfig.Builder::shutdownHook),
          duration("SHUTDOWN_TIMEOUT", MoesifConfig.Builder::shutdownTimeout),
          duration("CONFIG_REFRESH_INTERVAL", MoesifConfig.Builder::configRefreshInterval),
          skipHook("SKIP", MoesifConfig.Builder::skip),
          textHook("IDENTIFY_USER", MoesifConfig.Builder::identifyUser),
          textHook("IDENTIFY_COMPANY", MoesifConfig.Builder::identifyCompany),
          textHook("GET_SESSION_TOKEN", MoesifConfig.Builder::sessionToken),
          metadataHook("GET_METADATA", MoesifConfig.Builder::metadata),
          maskEventHook("MASK_EVENT_MODEL", MoesifConfig.Builder::maskEvent),
          bool("CAPTURE_OUTGOING_REQUESTS", MoesifConfig.Builder::captureOutgoingRequests),
          bool("LOG_BODY_OUTGOING", MoesifConfig.Builder::logBodyOutgoing),
          skipHook("SKIP_OUTGOING", MoesifConfig.Builder::skipOutgoing),
          textHook("IDENTIFY_USER_OUTGOING", MoesifConfig.Builder::identifyUserOutgoing),
          textHook("IDENTIFY_COMPANY_OUTGOING", MoesifConfig.Builder::identifyCompanyOutgoing),
          textHook("GET_SESSION_TOKEN_OUTGOING", MoesifConfig.Builder::sessionTokenOutgoing),
          metadataHook("GET_METADATA_OUTGOING", MoesifConfig.Builder::metadataOutgoing));

  private static final Map<String, Key> BY_NORMALIZED_NAME = index();

  private ConfigKeys() {}

  private static Map<String, Key> index() {
    Map<String, Key> index = new HashMap<>();
    for (Key key : KEYS) {
      if (index.put(normalize(key.name()), key) != null) {
        throw new IllegalStateException("duplicate config key " + key.name());
      }
    }
    return Map.copyOf(index);
  }

  /** Every key, in the order of the builder's setters. */
  public static List<String> names() {
    return KEYS.stream().map(Key::name).toList();
  }

  /** The keys that can be set from environment variables and system properties (not hooks). */
  public static List<String> scalarNames() {
    return KEYS.stream().filter(k -> !k.hook()).map(Key::name).toList();
  }

  /** Upper-cased, without {@code _}, {@code -} and {@code .}: the form keys are matched in. */
  public static String normalize(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '_' && c != '-' && c != '.') {
        out.append(c);
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** Applies a settings map; see {@link MoesifConfig#fromMap(Map)}. */
  public static void apply(MoesifConfig.Builder builder, Map<String, ?> settings) {
    Objects.requireNonNull(settings, "settings");
    Map<Key, String> spelling = new HashMap<>();
    Map<Key, Object> values = new HashMap<>();
    for (Map.Entry<String, ?> entry : settings.entrySet()) {
      String given = entry.getKey();
      Key key = given == null ? null : BY_NORMALIZED_NAME.get(normalize(given));
      if (key == null) {
        throw new IllegalArgumentException(
            "MoesifConfig: unknown key " + quote(given) + ": " + hint(given, "", false));
      }
      String earlier = spelling.put(key, given);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "MoesifConfig: "
                + key.name()
                + " is given twice, as "
                + quote(earlier)
                + " and "
                + quote(given)
                + ": keep one");
      }
      if (entry.getValue() != null) {
        values.put(key, entry.getValue());
      }
    }
    for (Key key : KEYS) {
      Object value = values.get(key);
      if (value != null) {
        key.setter().accept(builder, value);
      }
    }
  }

  /** Applies {@code MOESIF_<KEY>} variables from {@code env}, then {@code moesif.<key>} properties. */
  public static void applyEnvironment(
      MoesifConfig.Builder builder, Map<String, String> env, Properties properties) {
    // Collected first so a property replaces a variable instead of adding to it (MASK_HEADERS
    // accumulates when applied twice).
    Map<Key, String[]> chosen = new HashMap<>();
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      collect(chosen, variable.getKey(), variable.getValue(), ENV_PREFIX, "environment variable ");
    }
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      collect(chosen, name, properties.getProperty(name), PROPERTY_PREFIX, "system property ");
    }
    for (Key key : KEYS) {
      String[] source = chosen.get(key);
      if (source == null) {
        continue;
      }
      try {
        key.setter().accept(builder, source[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (from " + source[0] + ")", e);
      }
    }
  }

  private static void collect(
      Map<Key, String[]> chosen, String name, @Nullable String value, String prefix, String kind) {
    if (name == null
        || name.length() < prefix.length()
        || !name.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return;
    }
    String rest = name.substring(prefix.length());
    Key key = BY_NORMALIZED_NAME.get(normalize(rest));
    if (key == null) {
      // The environment is shared with everything else on the host: an unrelated MOESIF_* name
      // must not stop the application, but a typo should be visible.
      LOG.warn(
          "MoesifConfig: ignoring {}{}: not a configuration key; {}",
          kind,
          name,
          hint(rest, prefix, prefix.equals(PROPERTY_PREFIX)));
      return;
    }
    if (key.hook()) {
      LOG.warn(
          "MoesifConfig: ignoring {}{}: {} is a hook and can only be set in code", kind, name, key.name());
      return;
    }
    if (value == null || value.isBlank()) {
      return; // deployment templates write NAME= for "not set"
    }
    chosen.put(key, new String[] {kind + name, value});
  }

  /** "did you mean X?" for a near miss, else where the keys are listed. */
  private static String hint(@Nullable String given, String prefix, boolean lowerCase) {
    String nearest = given == null ? null : nearest(given);
    if (nearest == null) {
      return WHERE_KEYS_ARE;
    }
    return "did you mean " + prefix + (lowerCase ? nearest.toLowerCase(Locale.ROOT) : nearest) + "?";
  }

  /** The known key closest to {@code given} by edit distance, when close enough to be a typo. */
  static @Nullable String nearest(String given) {
    String target = normalize(given);
    // In a map the prefix is one too many: MOESIF_APPLICATION_ID means APPLICATION_ID.
    if (target.startsWith("MOESIF") && BY_NORMALIZED_NAME.containsKey(target.substring(6))) {
      return BY_NORMALIZED_NAME.get(target.substring(6)).name();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Key key : KEYS) {
      String candidate = normalize(key.name());
      int allowed = Math.max(1, Math.min(3, candidate.length() / 4));
      int distance = distance(target, candidate, allowed);
      if (distance <= allowed && distance < bestDistance) {
        best = key.name();
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent swaps), or more than {@code max}. */
  private static int distance(String a, String b, int max) {
    if (Math.abs(a.length() - b.length()) > max) {
      return max + 1;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }

  /** Throws unless {@code value} is an IP literal or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}). */
  public static void checkCidr(String value) {
    if (IpAddresses.parseCidr(value) == null) {
      throw invalid(
          "TRUSTED_PROXIES", show("TRUSTED_PROXIES", value), "IP literals or CIDR ranges such as 10.0.0.0/8");
    }
  }

  /** The error for a bad value: names the key, the value and the expected form. */
  public static IllegalArgumentException invalid(String key, String value, String expected) {
    String shown =
        value.length() > MAX_SHOWN_VALUE
            ? value.substring(0, MAX_SHOWN_VALUE) + "… (" + value.length() + " characters)"
            : value;
    return new IllegalArgumentException(
        "MoesifConfig: invalid " + key + " = " + shown + ": expected " + expected);
  }

  public static int positive(String key, int value) {
    if (value < 1) {
      throw invalid(key, String.valueOf(value), "a positive integer");
    }
    return value;
  }

  public static Duration positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(key, String.valueOf(value), "a positive duration (seconds in map form, e.g. 2 or \"0.5\")");
    }
    return value;
  }

  public static int bodyLimit(String key, int bytes) {
    if (bytes < 0 || bytes > 16 * 1024 * 1024) {
      throw invalid(key, String.valueOf(bytes), "a byte count from 0 to 16777216 (0 captures no body)");
    }
    return bytes;
  }

  // ---- the key table's entry makers: each converts the raw value, then calls the setter --------

  private static Key text(String name, BiConsumer<MoesifConfig.Builder, String> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toText(name, v)));
  }

  private static Key uri(String name, BiConsumer<MoesifConfig.Builder, URI> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toUri(name, v)));
  }

  private static Key bool(String name, BiConsumer<MoesifConfig.Builder, Boolean> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toBoolean(name, v)));
  }

  private static Key integer(String name, BiConsumer<MoesifConfig.Builder, Integer> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toInt(name, v)));
  }

  private static Key longInteger(String name, BiConsumer<MoesifConfig.Builder, Long> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toLong(name, v, LONG)));
  }

  private static Key duration(String name, BiConsumer<MoesifConfig.Builder, Duration> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toDuration(name, v)));
  }

  private static Key list(String name, BiConsumer<MoesifConfig.Builder, List<String>> setter) {
    return new Key(name, false, (b, v) -> setter.accept(b, toList(name, v)));
  }

  private static Key skipHook(
      String name,
      BiConsumer<MoesifConfig.Builder, BiPredicate<CapturedRequest, @Nullable CapturedResponse>> setter) {
    return new Key(name, true, (b, v) -> setter.accept(b, toSkip(name, v)));
  }

  private static Key textHook(
      String name,
      BiConsumer<MoesifConfig.Builder, BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> setter) {
    return new Key(name, true, (b, v) -> setter.accept(b, toTextHook(name, v)));
  }

  private static Key metadataHook(
      String name,
      BiConsumer<MoesifConfig.Builder, BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>>>
          setter) {
    return new Key(name, true, (b, v) -> setter.accept(b, toMetadataHook(name, v)));
  }

  private static Key maskEventHook(
      String name, BiConsumer<MoesifConfig.Builder, UnaryOperator<EventModel>> setter) {
    return new Key(name, true, (b, v) -> setter.accept(b, toMaskEvent(name, v)));
  }

  // ---- conversions -----------------------------------------------------------------------------

  private static String toText(String key, Object value) {
    if (value instanceof CharSequence || value instanceof Number) {
      return value.toString();
    }
    throw invalid(key, show(key, value), TEXT);
  }

  private static URI toUri(String key, Object value) {
    if (value instanceof URI uri) {
      return uri;
    }
    if (value instanceof CharSequence text) {
      try {
        return new URI(text.toString().strip());
      } catch (URISyntaxException e) {
        throw invalid(key, show(key, value), URI_FORM);
      }
    }
    throw invalid(key, show(key, value), URI_FORM);
  }

  private static boolean toBoolean(String key, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    String text = null;
    if (value instanceof CharSequence cs) {
      text = cs.toString().strip().toLowerCase(Locale.ROOT);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      text = value.toString();
    }
    if (text != null) {
      switch (text) {
        case "true", "yes", "1":
          return true;
        case "false", "no", "0":
          return false;
        default:
          break;
      }
    }
    throw invalid(key, show(key, value), BOOLEAN);
  }

  private static int toInt(String key, Object value) {
    long n = toLong(key, value, INT);
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw invalid(key, show(key, value), INT);
    }
    return (int) n;
  }

  private static long toLong(String key, Object value, String expected) {
    BigDecimal number = null;
    if (value instanceof Number n) {
      number = toBigDecimal(n);
    } else if (value instanceof CharSequence cs) {
      String text = cs.toString().strip();
      if (INTEGER.matcher(text).matches()) {
        number = new BigDecimal(text);
      }
    }
    if (number != null) {
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        // a fraction or out of range: reported below
      }
    }
    throw invalid(key, show(key, value), expected);
  }

  private static @Nullable BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? new BigDecimal(n.toString()) : null;
    }
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration toDuration(String key, Object value) {
    if (value instanceof Duration d) {
      return d;
    }
    BigDecimal seconds = null;
    if (value instanceof Number n) {
      seconds = toBigDecimal(n);
    } else if (value instanceof CharSequence cs) {
      String text = cs.toString().strip();
      if (DECIMAL.matcher(text).matches()) {
        seconds = new BigDecimal(text);
      } else if (!text.isEmpty() && (text.charAt(0) == 'P' || text.charAt(0) == 'p' || text.startsWith("-P") || text.startsWith("-p"))) {
        try {
          return Duration.parse(text);
        } catch (DateTimeParseException e) {
          throw invalid(key, show(key, value), DURATION);
        }
      }
    }
    if (seconds != null) {
      try {
        BigInteger[] parts =
            seconds
                .movePointRight(9)
                .setScale(0, RoundingMode.HALF_UP)
                .toBigIntegerExact()
                .divideAndRemainder(NANOS_PER_SECOND);
        return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
      } catch (ArithmeticException e) {
        // too large for a Duration: reported below
      }
    }
    throw invalid(key, show(key, value), DURATION);
  }

  private static List<String> toList(String key, Object value) {
    Collection<?> items;
    if (value instanceof CharSequence cs) {
      items = Arrays.asList(cs.toString().split(",", -1));
    } else if (value instanceof Collection<?> c) {
      items = c;
    } else if (value instanceof Object[] array) {
      items = Arrays.asList(array);
    } else {
      throw invalid(key, show(key, value), LIST);
    }
    List<String> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof CharSequence cs)) {
        throw invalid(key, show(key, value), LIST);
      }
      String name = cs.toString().strip();
      if (!name.isEmpty()) {
        out.add(name);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static BiPredicate<CapturedRequest, @Nullable CapturedResponse> toSkip(String key, Object value) {
    if (value instanceof BiPredicate<?, ?> both) {
      return (BiPredicate<CapturedRequest, @Nullable CapturedResponse>) both;
    }
    if (value instanceof Predicate<?> one) {
      Predicate<CapturedRequest> requestOnly = (Predicate<CapturedRequest>) one;
      return (request, response) -> requestOnly.test(request);
    }
    throw invalid(
        key, show(key, value), "a BiPredicate<CapturedRequest, CapturedResponse> or a Predicate<CapturedRequest>");
  }

  @SuppressWarnings("unchecked")
  private static BiFunction<CapturedRequest, CapturedResponse, @Nullable String> toTextHook(String key, Object value) {
    if (value instanceof BiFunction<?, ?, ?> both) {
      return (BiFunction<CapturedRequest, CapturedResponse, @Nullable String>) both;
    }
    if (value instanceof Function<?, ?> one) {
      Function<CapturedRequest, @Nullable String> requestOnly = (Function<CapturedRequest, @Nullable String>) one;
      return (request, response) -> requestOnly.apply(request);
    }
    throw invalid(
        key,
        show(key, value),
        "a BiFunction<CapturedRequest, CapturedResponse, String> or a Function<CapturedRequest, String>");
  }

  @SuppressWarnings("unchecked")
  private static BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> toMetadataHook(
      String key, Object value) {
    if (value instanceof BiFunction<?, ?, ?> both) {
      return (BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>>) both;
    }
    if (value instanceof Function<?, ?> one) {
      Function<CapturedRequest, @Nullable Map<String, ?>> requestOnly =
          (Function<CapturedRequest, @Nullable Map<String, ?>>) one;
      return (request, response) -> requestOnly.apply(request);
    }
    throw invalid(
        key,
        show(key, value),
        "a BiFunction<CapturedRequest, CapturedResponse, Map<String, ?>> or a Function<CapturedRequest,"
            + " Map<String, ?>>");
  }

  @SuppressWarnings("unchecked")
  private static UnaryOperator<EventModel> toMaskEvent(String key, Object value) {
    if (value instanceof UnaryOperator<?> operator) {
      return (UnaryOperator<EventModel>) operator;
    }
    if (value instanceof Function<?, ?> function) {
      Function<EventModel, EventModel> mask = (Function<EventModel, EventModel>) function;
      return mask::apply;
    }
    throw invalid(
        key, show(key, value), "a UnaryOperator<EventModel> or a Function<EventModel, EventModel>");
  }

  /** A value as error messages show it: strings quoted, functions by type, the application id redacted. */
  private static String show(String key, @Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (key.equals("APPLICATION_ID")) {
      String text = String.valueOf(value).strip();
      return text.length() <= 4 ? "…" : text.substring(0, 4) + "…";
    }
    if (value instanceof CharSequence) {
      return quote(value.toString());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value + " (" + value.getClass().getSimpleName() + ")";
    }
    if (value instanceof Duration || value instanceof URI || value instanceof Collection<?>) {
      return value.toString();
    }
    if (value instanceof Object[] array) {
      return Arrays.toString(array) + " (array)";
    }
    return "a " + value.getClass().getName();
  }

  private static String quote(@Nullable String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }
}
