package com.moesif.core.internal;

import com.moesif.core.CapturedRequest;
import com.moesif.core.CapturedResponse;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifConfig.Builder;
import com.moesif.core.model.EventModel;
import java.math.BigDecimal;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings table: each setting of {@link MoesifConfig} declared once, as a {@link Key} with its
 * seed key (also its {@code MOESIF_<KEY>} environment variable and {@code moesif.<key>} system
 * property), type, default, parser, validation and description. {@code fromMap}, {@code
 * fromEnvironment} and {@link MoesifConfig#settings()} (the docs, the Spring Boot starter) read it.
 * Keys match after {@linkplain #normalize(String) normalisation}: {@code LOG_BODY}, {@code logBody}
 * and {@code moesif.log-body} are one key.
 *
 * <p>To add a setting: add its row below (the order is the order values are applied in); in {@link
 * MoesifConfig} add a getter ({@code get(KEY)}) and a builder setter ({@code set(KEY, value)}) whose
 * javadoc starts with <code>{&#64;code KEY}:</code>, in the table's order (MoesifConfigTest checks);
 * add its row to docs/configuration.md (DocsTest checks) and to the starter's metadata.
 */
public final class ConfigKeys {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  private static final String WHERE_KEYS_ARE = "the keys are the seed's option names, listed in the javadoc of"
      + " MoesifConfig.Builder (each setter names its key) and in the README's configuration table";
  private static final String POSITIVE = "a positive integer";
  private static final String BYTES = "at least 1024 bytes";
  private static final String BODY_LIMIT = "a byte count from 0 to 16777216 (0 captures no body)";
  private static final String URI_FORM = "an absolute http(s) URI such as http://localhost:9500/collector";
  private static final String LIST = "a List or array of strings, or a comma-separated string";
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,30}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]{1,30}(?:\\.[0-9]{0,30})?|\\.[0-9]{1,30})");
  private static final List<Key<?>> TABLE = new ArrayList<>(); // filled by the rows below, in their order

  // ---- the table ---------------------------------------------------------------------------------
  public static final Key<String> APPLICATION_ID = key("APPLICATION_ID", String.class, "", ConfigKeys::toText,
      ConfigKeys::checkApplicationId, "Application id from the Moesif portal's API Keys page.");
  public static final Key<URI> BASE_URI = key("BASE_URI", URI.class, URI.create("https://api.moesif.net"), ConfigKeys::toUri,
      ConfigKeys::checkBaseUri, "Collector address: Moesif's, a secure proxy or a local collector.");
  public static final Key<Boolean> ENABLED = bool("ENABLED", true, "False turns every adapter into a pass-through.");
  public static final Key<Boolean> DEBUG = bool("DEBUG", false, "Log the pipeline's work at INFO instead of DEBUG.");
  public static final Key<Boolean> LOG_BODY = bool("LOG_BODY", true, "Capture request and response bodies.");
  public static final Key<Integer> EVENT_QUEUE_SIZE = integer("EVENT_QUEUE_SIZE", 1_000_000, 1, Integer.MAX_VALUE, POSITIVE,
      "Most events held in memory awaiting upload.");
  public static final Key<Long> MAX_QUEUE_BYTES = bytes("MAX_QUEUE_BYTES", 64L << 20, "Most estimated bytes held in the queue.");
  public static final Key<Long> MAX_CAPTURE_BYTES = bytes("MAX_CAPTURE_BYTES", 32L << 20,
      "Most bytes the body captures of calls in flight hold together; past it new bodies are counted, not copied.");
  public static final Key<Integer> EVENT_WORKER_COUNT = integer("EVENT_WORKER_COUNT", 2, 1, 64, null,
      "Threads that batch and upload, each with at most one upload in flight.");
  public static final Key<Integer> BATCH_SIZE = integer("BATCH_SIZE", 100, 1, 10_000, null,
      "Events in one upload; batches grow past it (to 10,000 or MAX_BATCH_BYTES) while the queue backs up.");
  public static final Key<Integer> MAX_BATCH_BYTES = integer("MAX_BATCH_BYTES", 8 << 20, 1024, 40 << 20,
      "from 1024 to 41943040 bytes (the collector takes at most 50 MB)", "Most uncompressed JSON bytes in one upload.");
  public static final Key<Duration> EVENT_BATCH_TIMEOUT = duration("EVENT_BATCH_TIMEOUT", Duration.ofSeconds(2),
      "Longest wait after a batch's first event before it is sent.");
  public static final Key<Boolean> LOAD_SHEDDING = bool("LOAD_SHEDDING", true,
      "When shipping falls behind, keep 1 successful call in w (weight w) and every error, instead of blind drops.");
  public static final Key<Duration> MAX_QUEUE_AGE = duration("MAX_QUEUE_AGE", Duration.ofSeconds(2),
      "How long the oldest queued event may wait, while the collector answers, before load shedding starts.");
  public static final Key<Integer> MAX_SDK_CPU_PERCENT = integer("MAX_SDK_CPU_PERCENT", 20, 0, 100,
      "a percentage from 0 to 100 (0 turns the CPU-share trigger off)",
      "While the process is busy (85% of its processors, or a quarter while the machine is 90% busy), load shedding"
          + " starts once the SDK (its threads, its work on request threads, its part of GC) uses more than this"
          + " percent of its CPU; 0: off.");
  public static final Key<List<String>> AUTHORIZATION_HEADER_NAME = key("AUTHORIZATION_HEADER_NAME", List.class,
      List.of("authorization"), ConfigKeys::toList, ConfigKeys::checkHeaderNames, "Headers tried in order for the automatic user id.");
  public static final Key<String> AUTHORIZATION_USER_ID_FIELD = key("AUTHORIZATION_USER_ID_FIELD", String.class, "sub",
      ConfigKeys::toText, ConfigKeys::checkClaim, "JWT claim holding the user id; dots walk nested objects.");
  public static final Key<@Nullable String> API_VERSION = key("API_VERSION", String.class, null, ConfigKeys::toText,
      v -> v == null || v.isBlank() ? null : v.trim(), "Reported as request.api_version.");
  public static final Key<Boolean> DISABLE_TRANSACTION_ID = bool("DISABLE_TRANSACTION_ID", false,
      "Do not add the X-Moesif-Transaction-Id header.");
  public static final Key<Integer> REQUEST_MAX_BODY_SIZE = integer("REQUEST_MAX_BODY_SIZE", 1 << 20, 0, 16 << 20, BODY_LIMIT,
      "Most request body bytes captured.");
  public static final Key<Integer> RESPONSE_MAX_BODY_SIZE = integer("RESPONSE_MAX_BODY_SIZE", 1 << 20, 0, 16 << 20, BODY_LIMIT,
      "Most response body bytes captured.");
  public static final Key<Set<String>> MASK_HEADERS =
      nameSet("MASK_HEADERS", "Header names whose values are replaced by ***** in events, on top of the built-in set.");
  public static final Key<Set<String>> MASK_BODY_FIELDS = nameSet("MASK_BODY_FIELDS",
      "Field names masked in JSON (any depth) and form bodies and query parameters, on top of the built-in set.");
  public static final Key<Boolean> MASK_RECOMMENDED = bool("MASK_RECOMMENDED", true,
      "Mask credential headers, secret fields in bodies and query parameters, and card numbers (false: only the names added).");
  public static final Key<@Nullable List<String>> TRUSTED_PROXIES = key("TRUSTED_PROXIES", List.class, null, ConfigKeys::toList,
      ConfigKeys::checkProxies, "IPs or CIDR ranges of proxies whose forwarding headers are believed (unset: every peer's).");
  public static final Key<List<String>> TRUSTED_PROXY_IP_HEADERS = key("TRUSTED_PROXY_IP_HEADERS", List.class, List.of(),
      ConfigKeys::toList, ConfigKeys::checkProxyIpHeaders,
      "Single-value client IP headers (CF-Connecting-IP, ...) the trusted proxies set, believed behind them.");
  public static final Key<Duration> CONNECT_TIMEOUT = duration("CONNECT_TIMEOUT", Duration.ofSeconds(5), "Collector connect timeout.");
  public static final Key<Duration> REQUEST_TIMEOUT = duration("REQUEST_TIMEOUT", Duration.ofSeconds(10), "Collector request timeout.");
  public static final Key<Integer> MAX_RETRIES = integer("MAX_RETRIES", 10, 0, 20, null,
      "Retries of a failed upload before its events are dropped.");
  public static final Key<Duration> RETRY_BASE_DELAY = duration("RETRY_BASE_DELAY", Duration.ofMillis(200),
      "First retry delay, doubled each retry, with jitter.");
  public static final Key<Duration> RETRY_MAX_DELAY = duration("RETRY_MAX_DELAY", Duration.ofSeconds(10),
      "Longest delay between retries, Retry-After included.");
  public static final Key<Boolean> SHUTDOWN_HOOK = bool("SHUTDOWN_HOOK", true, "Flush and stop on JVM shutdown.");
  public static final Key<Duration> SHUTDOWN_TIMEOUT = duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(5),
      "How long close() and the shutdown hook may spend delivering.");
  public static final Key<Duration> CONFIG_REFRESH_INTERVAL = duration("CONFIG_REFRESH_INTERVAL", Duration.ofSeconds(60),
      "How often server config and rules are refetched.");
  public static final Key<@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse>> SKIP =
      skip("SKIP", "True skips a call; called with a null response first, then with the response.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> IDENTIFY_USER =
      function("IDENTIFY_USER", "String", "The user id; a non-blank one wins over JWT/Basic.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> IDENTIFY_COMPANY =
      function("IDENTIFY_COMPANY", "String", "The company id.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> GET_SESSION_TOKEN =
      function("GET_SESSION_TOKEN", "String", "The session token.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>>> GET_METADATA =
      function("GET_METADATA", "Map<String, ?>", "Custom JSON-serialisable metadata.");
  public static final Key<@Nullable UnaryOperator<EventModel>> MASK_EVENT_MODEL = hook("MASK_EVENT_MODEL", UnaryOperator.class,
      Function.class, one -> ConfigKeys.<Function<EventModel, EventModel>>erased(one)::apply,
      "a UnaryOperator<EventModel> or a Function<EventModel, EventModel>",
      "Edits each event before it is sent, on a shipper thread; null drops the event.");
  public static final Key<Boolean> CAPTURE_OUTGOING_REQUESTS = bool("CAPTURE_OUTGOING_REQUESTS", false,
      "The client interceptors capture (false: they pass calls through).");
  public static final Key<Boolean> LOG_BODY_OUTGOING = bool("LOG_BODY_OUTGOING", true, "Capture bodies of outgoing calls.");
  public static final Key<@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse>> SKIP_OUTGOING =
      skip("SKIP_OUTGOING", "SKIP for calls this application makes.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> IDENTIFY_USER_OUTGOING =
      function("IDENTIFY_USER_OUTGOING", "String", "IDENTIFY_USER for outgoing calls.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> IDENTIFY_COMPANY_OUTGOING =
      function("IDENTIFY_COMPANY_OUTGOING", "String", "IDENTIFY_COMPANY for outgoing calls.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String>> GET_SESSION_TOKEN_OUTGOING =
      function("GET_SESSION_TOKEN_OUTGOING", "String", "GET_SESSION_TOKEN for outgoing calls.");
  public static final Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>>> GET_METADATA_OUTGOING =
      function("GET_METADATA_OUTGOING", "Map<String, ?>", "GET_METADATA for outgoing calls.");

  private static final Map<String, Key<?>> BY_NORMALIZED_NAME = // throws on a key declared twice
      TABLE.stream().collect(Collectors.toUnmodifiableMap(k -> normalize(k.name()), k -> k));

  /**
   * One setting. The builder stores a {@code T} only as returned by {@code check}, which validates
   * the setter's argument; {@code parse} turns a map, environment or property value into a {@code T}.
   */
  public record Key<T>(String name, int index, Class<?> type, T defaultValue, BiFunction<String, Object, T> parse,
      UnaryOperator<T> check, String description) {
    /** Hooks (functional interfaces) can be set only in code and through {@code fromMap}. */
    public boolean hook() {
      return type.isInterface() && type != List.class;
    }

    /** This setting's value in a values array shaped like {@link #defaults()}. */
    @SuppressWarnings("unchecked") // values[index] only holds what check returned
    public T in(Object[] values) {
      return (T) values[index];
    }

    /** The default as every source accepts it (durations in ISO-8601), or null when there is none. */
    public @Nullable String defaultText() {
      Object value = defaultValue instanceof Collection<?> c ? String.join(",", ConfigKeys.<Collection<String>>erased(c)) : defaultValue;
      return value == null || value.equals("") ? null : value.toString();
    }

    /** Checks {@code value} and stores it in {@code values}; a name set adds to the names already there. */
    public void store(Object[] values, T value) {
      Object checked = check.apply(value);
      if (checked instanceof Set<?> more && values[index] instanceof Set<?> old) {
        checked = Stream.concat(old.stream(), more.stream()).collect(Collectors.toUnmodifiableSet());
      }
      values[index] = checked;
    }
  }

  private ConfigKeys() {}

  private static <T> Key<T> key(String name, Class<?> type, T defaultValue, BiFunction<String, Object, T> parse,
      UnaryOperator<T> check, String description) {
    Key<T> key = new Key<>(name, TABLE.size(), type, defaultValue, parse, check, description);
    TABLE.add(key);
    return key;
  }

  private static Key<Boolean> bool(String name, boolean defaultValue, String description) {
    return key(name, Boolean.class, defaultValue, ConfigKeys::toBoolean, b -> b, description);
  }

  private static Key<Integer> integer(String name, int defaultValue, int min, int max, @Nullable String form, String description) {
    String expected = form != null ? form : "an integer from " + min + " to " + max;
    return key(name, Integer.class, defaultValue, (k, v) -> (int) whole(k, v, Integer.MIN_VALUE, Integer.MAX_VALUE, expected),
        n -> (int) range(name, n, min, max, expected), description);
  }

  private static Key<Long> bytes(String name, long defaultValue, String description) {
    return key(name, Long.class, defaultValue, (k, v) -> whole(k, v, Long.MIN_VALUE, Long.MAX_VALUE, BYTES),
        n -> range(name, n, 1024, Long.MAX_VALUE, BYTES), description);
  }

  private static Key<Duration> duration(String name, Duration defaultValue, String description) {
    return key(name, Duration.class, defaultValue, ConfigKeys::toDuration, d -> require(d != null && !d.isNegative() && !d.isZero(),
        name, d, "a positive duration (seconds in map form, e.g. 2 or \"0.5\")", d), description);
  }

  private static Key<Set<String>> nameSet(String name, String description) {
    return key(name, List.class, Set.of(), (k, v) -> Set.copyOf(toList(k, v)), given -> given.stream()
        .map(n -> require(n != null && !n.isBlank(), name, n, "non-blank names", n).trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet()), description);
  }

  /** A hook: its two-argument form as given, or its one-argument form adapted to leave out the response. */
  private static <F> Key<@Nullable F> hook(String name, Class<?> type, Class<?> oneArgument, Function<Object, F> adapt,
      String expected, String description) {
    return key(name, type, null, (k, v) -> type.isInstance(v) ? erased(v)
        : adapt.apply(require(oneArgument.isInstance(v), k, show(k, v), expected, v)), f -> f, description);
  }

  private static Key<@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse>> skip(String name, String description) {
    return hook(name, BiPredicate.class, Predicate.class,
        one -> (request, response) -> ConfigKeys.<Predicate<CapturedRequest>>erased(one).test(request),
        "a BiPredicate<CapturedRequest, CapturedResponse> or a Predicate<CapturedRequest>", description);
  }

  private static <R> Key<@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable R>> function(String name, String result,
      String description) {
    return hook(name, BiFunction.class, Function.class,
        one -> (request, response) -> ConfigKeys.<Function<CapturedRequest, @Nullable R>>erased(one).apply(request),
        "a BiFunction<CapturedRequest, CapturedResponse, " + result + "> or a Function<CapturedRequest, " + result + ">",
        description);
  }

  /** A map value's type arguments are erased: a hook given with the wrong ones fails when called, as it would in code. */
  @SuppressWarnings("unchecked")
  private static <T> T erased(Object value) {
    return (T) value;
  }

  /** Every setting, in the table's order. */
  public static List<Key<?>> all() { return List.copyOf(TABLE); }
  /** A values array holding every default, indexed by {@link Key#index()}. */
  public static Object[] defaults() { return TABLE.stream().map(Key::defaultValue).toArray(); }
  /** Every key, in the order of the builder's setters. */
  public static List<String> names() { return TABLE.stream().map(Key::name).toList(); }
  /** The keys that can be set from environment variables and system properties (not hooks). */
  public static List<String> scalarNames() { return TABLE.stream().filter(k -> !k.hook()).map(Key::name).toList(); }
  /** Upper-cased, without {@code _}, {@code -} and {@code .}: the form keys are matched in. */
  public static String normalize(String key) { return key.replaceAll("[_.-]", "").toUpperCase(Locale.ROOT); }

  /** Applies a settings map to a builder's values; see {@link MoesifConfig#fromMap(Map)}. */
  public static void apply(Object[] values, Map<String, ?> settings) {
    Map<Key<?>, String> spelling = new HashMap<>();
    Object[] given = new Object[TABLE.size()];
    for (Map.Entry<String, ?> entry : Objects.requireNonNull(settings, "settings").entrySet()) {
      String name = entry.getKey();
      Key<?> key = name == null ? null : BY_NORMALIZED_NAME.get(normalize(name));
      if (key == null) {
        throw new IllegalArgumentException("MoesifConfig: unknown key " + quote(name) + ": " + hint(name, "", false));
      }
      String earlier = spelling.put(key, name);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "MoesifConfig: " + key.name() + " is given twice, as " + quote(earlier) + " and " + quote(name) + ": keep one");
      }
      given[key.index()] = entry.getValue();
    }
    TABLE.stream().filter(k -> given[k.index()] != null).forEach(k -> store(k, values, given[k.index()]));
  }

  private static <T> void store(Key<T> key, Object[] values, Object raw) {
    key.store(values, key.parse().apply(key.name(), raw));
  }

  /** Applies {@code MOESIF_<KEY>} variables from {@code env}, then {@code moesif.<key>} properties. */
  public static void applyEnvironment(Builder builder, Map<String, String> env, Properties properties) {
    // Collected first so a property replaces a variable instead of adding to it (MASK_HEADERS adds up).
    String[][] chosen = new String[TABLE.size()][];
    new TreeMap<>(env).forEach((name, value) -> collect(chosen, name, value, "MOESIF_", "environment variable "));
    new TreeSet<>(properties.stringPropertyNames())
        .forEach(name -> collect(chosen, name, properties.getProperty(name), "moesif.", "system property "));
    for (Key<?> key : TABLE) {
      String[] source = chosen[key.index()];
      try {
        if (source != null) {
          builder.apply(Map.of(key.name(), source[1]));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (from " + source[0] + ")", e);
      }
    }
  }

  private static void collect(String[][] chosen, String name, @Nullable String value, String prefix, String kind) {
    if (name == null || !name.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return;
    }
    String rest = name.substring(prefix.length());
    Key<?> key = BY_NORMALIZED_NAME.get(normalize(rest));
    if (key == null) {
      // The environment is shared with everything else on the host: an unrelated MOESIF_* name
      // must not stop the application, but a typo should be visible.
      LOG.warn("MoesifConfig: ignoring {}{}: not a configuration key; {}", kind, name, hint(rest, prefix, prefix.equals("moesif.")));
    } else if (key.hook()) {
      LOG.warn("MoesifConfig: ignoring {}{}: {} is a hook and can only be set in code", kind, name, key.name());
    } else if (value != null && !value.isBlank()) { // deployment templates write NAME= for "not set"
      chosen[key.index()] = new String[] {kind + name, value};
    }
  }

  /** "did you mean X?" for a near miss, else where the keys are listed. */
  private static String hint(@Nullable String given, String prefix, boolean lowerCase) {
    String nearest = given == null ? null : nearest(given);
    return nearest == null ? WHERE_KEYS_ARE : "did you mean " + prefix + (lowerCase ? nearest.toLowerCase(Locale.ROOT) : nearest) + "?";
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
    for (Key<?> key : TABLE) {
      String candidate = normalize(key.name());
      int distance = distance(target, candidate);
      if (distance <= Math.max(1, Math.min(3, candidate.length() / 4)) && distance < bestDistance) {
        best = key.name();
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent swaps. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
        } else {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
    }
    return d[a.length()][b.length()];
  }

  // ---- validation: what the builder's setters accept ------------------------------------------------

  /** The error for a bad value: names the key, the value and the expected form. */
  public static IllegalArgumentException invalid(String key, String value, String expected) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "… (" + value.length() + " characters)" : value;
    return new IllegalArgumentException("MoesifConfig: invalid " + key + " = " + shown + ": expected " + expected);
  }

  /** {@code value} when {@code ok}, else the error for {@code shown}. */
  private static <T> T require(boolean ok, String key, @Nullable Object shown, String expected, T value) {
    if (!ok) {
      throw invalid(key, String.valueOf(shown), expected);
    }
    return value;
  }

  private static long range(String key, long value, long min, long max, String expected) {
    return require(value >= min && value <= max, key, value, expected, value);
  }

  /** The application id as logs and messages may show it: its first 4 characters and an ellipsis. */
  public static String redact(String secret) { return secret.length() <= 4 ? "…" : secret.substring(0, 4) + "…"; }

  /** Throws unless {@code value} is an IP literal or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}). */
  public static void checkCidr(String value) {
    require(IpAddresses.parseCidr(value) != null, "TRUSTED_PROXIES", show("TRUSTED_PROXIES", value),
        "IP literals or CIDR ranges such as 10.0.0.0/8", value);
  }

  private static String checkApplicationId(String applicationId) {
    String trimmed = Objects.requireNonNull(applicationId, "applicationId").trim();
    require(!trimmed.isEmpty(), "APPLICATION_ID", "\"\"", "a non-empty Moesif application id", trimmed);
    return require(trimmed.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e), "APPLICATION_ID", redact(trimmed),
        "printable ASCII without spaces", trimmed);
  }

  private static URI checkBaseUri(URI uri) {
    String scheme = Objects.requireNonNull(uri, "baseUri").getScheme();
    return require(scheme != null && scheme.matches("(?i)https?") && uri.getHost() != null, "BASE_URI", uri, URI_FORM, uri);
  }

  private static List<String> checkHeaderNames(List<String> names) {
    List<String> cleaned = names.stream().map(name -> {
      String n = name == null ? "" : name.trim();
      boolean token = !n.isEmpty() && n.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0);
      return require(token, "AUTHORIZATION_HEADER_NAME", names, "comma-separated header names such as \"X-Api-Key,Authorization\"", n)
          .toLowerCase(Locale.ROOT);
    }).toList();
    return require(!cleaned.isEmpty(), "AUTHORIZATION_HEADER_NAME", "[]", "at least one header name", cleaned);
  }

  private static String checkClaim(String field) {
    return require(field != null && !field.isBlank(), "AUTHORIZATION_USER_ID_FIELD", field,
        "a claim name such as \"sub\" or \"user.id\"", field).trim();
  }

  private static List<String> checkProxyIpHeaders(List<String> names) {
    ClientIpResolver.believedBits(names);
    return names.stream().map(String::strip).toList();
  }

  private static @Nullable List<String> checkProxies(@Nullable List<String> proxies) {
    if (proxies != null) {
      proxies.forEach(ConfigKeys::checkCidr);
    }
    return proxies == null ? null : List.copyOf(proxies);
  }

  // ---- parsing: a map, environment or property value into the setting's type -----------------------

  private static String toText(String key, Object value) {
    return require(value instanceof CharSequence || value instanceof Number, key, show(key, value), "a string", value).toString();
  }

  private static URI toUri(String key, Object value) {
    try {
      if (value instanceof URI || value instanceof CharSequence) {
        return value instanceof URI uri ? uri : new URI(value.toString().strip());
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw invalid(key, show(key, value), URI_FORM);
  }

  private static boolean toBoolean(String key, Object value) {
    boolean textual = value instanceof Boolean || value instanceof CharSequence || value instanceof Integer
        || value instanceof Long || value instanceof Short || value instanceof Byte;
    return switch (textual ? value.toString().strip().toLowerCase(Locale.ROOT) : "") {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw invalid(key, show(key, value), "true or false (also yes/no, 1/0)");
    };
  }

  /** A whole number from {@code min} to {@code max}, else the error naming the setting's own form. */
  private static long whole(String key, Object value, long min, long max, String expected) {
    BigDecimal number = decimal(value, INTEGER);
    try {
      long n = number == null ? 0 : number.longValueExact(); // a fraction, or beyond a long, throws
      return require(number != null && n >= min && n <= max, key, show(key, value), expected, n);
    } catch (ArithmeticException e) {
      throw invalid(key, show(key, value), expected);
    }
  }

  /** The number a {@link Number}, or a string in the given form, stands for; null for others, NaN and infinities. */
  private static @Nullable BigDecimal decimal(Object value, Pattern form) {
    String text = value instanceof Number || value instanceof CharSequence ? value.toString().strip() : "";
    try {
      return value instanceof Number || form.matcher(text).matches() ? new BigDecimal(text) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration toDuration(String key, Object value) {
    BigDecimal seconds = decimal(value, DECIMAL);
    try {
      if (value instanceof Duration d) {
        return d;
      } else if (seconds != null) {
        return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
      } else if (value instanceof CharSequence text && text.toString().strip().matches("(?i)-?P.*")) {
        return Duration.parse(text.toString().strip());
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // too large for a Duration, or not ISO-8601: reported below
    }
    throw invalid(key, show(key, value), "a duration: seconds as a number (2, \"0.5\"), a java.time.Duration or an"
        + " ISO-8601 string such as \"PT0.5S\"");
  }

  private static List<String> toList(String key, Object value) {
    Collection<?> items = value instanceof CharSequence cs ? Arrays.asList(cs.toString().split(",", -1))
        : value instanceof Collection<?> c ? c : value instanceof Object[] array ? Arrays.asList(array) : null;
    require(items != null && items.stream().allMatch(CharSequence.class::isInstance), key, show(key, value), LIST, items);
    return items.stream().map(item -> item.toString().strip()).filter(name -> !name.isEmpty()).toList();
  }

  /** A value as error messages show it: strings quoted, functions by type, the application id redacted. */
  private static String show(String key, @Nullable Object value) {
    if (value == null || key.equals("APPLICATION_ID")) {
      return value == null ? "null" : redact(String.valueOf(value).strip());
    } else if (value instanceof CharSequence) {
      return quote(value.toString());
    } else if (value instanceof Number || value instanceof Boolean) {
      return value + " (" + value.getClass().getSimpleName() + ")";
    } else if (value instanceof Duration || value instanceof URI || value instanceof Collection<?>) {
      return value.toString();
    }
    return value instanceof Object[] array ? Arrays.toString(array) + " (array)" : "a " + value.getClass().getName();
  }

  private static String quote(@Nullable String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }
}
