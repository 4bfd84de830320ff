package com.moesif.core;

import static com.moesif.core.internal.ConfigKeys.*;

import com.moesif.core.internal.ConfigKeys;
import com.moesif.core.model.EventModel;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Everything the SDK can be told, immutable and validated at construction. Built three ways that
 * set the same fields: {@link #builder()}, {@link #fromMap(Map)} with the seed's {@code UPPER_CASE}
 * keys, and {@link #fromEnvironment()} ({@code MOESIF_<KEY>} environment variables and {@code
 * moesif.<key>} system properties). Invalid values fail with an {@link IllegalArgumentException}
 * that names the key, the value and the expected form. {@link #settings()} lists every setting.
 *
 * <p>Each setting is declared once, in the table of {@code ConfigKeys} (its key, type, default,
 * parsing, validation and description); this class only stores values by that table and gives
 * each a typed getter and builder setter. The table's class comment says how to add a setting.
 */
public final class MoesifConfig {
  /** Default collector address. */
  public static final URI DEFAULT_BASE_URI = BASE_URI.defaultValue();

  /** Credential header names masked unless {@link Builder#maskRecommended(boolean)} is false. */
  public static final Set<String> RECOMMENDED_MASKED_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey", "x-apikey",
      "x-auth-token", "x-access-token", "x-refresh-token", "x-amz-security-token", "x-csrf-token", "x-xsrf-token");

  /**
   * Secret field names masked in JSON and form bodies and in the request URI's query parameters
   * unless {@link Builder#maskRecommended(boolean)} is false. Names match ignoring case, {@code _}
   * and {@code -}, so {@code access_token} also masks {@code accessToken} and {@code Access-Token}.
   */
  public static final Set<String> RECOMMENDED_MASKED_BODY_FIELDS = Set.of(
      "password", "passwd", "passphrase", "secret", "client_secret", "api_secret", "access_token", "refresh_token",
      "id_token", "auth_token", "token", "api_key", "private_key", "cvv", "cvc");

  private static final List<Setting> SETTINGS =
      ConfigKeys.all().stream()
          .map(k -> new Setting(k.name(), k.name().toLowerCase(Locale.ROOT).replace('_', '-'), k.type(),
              k.defaultText(), k.description(), k.hook()))
          .toList();

  private final Object[] values;
  private final Hooks incoming;
  private final Hooks outgoing;

  private MoesifConfig(Builder b) {
    this.values = b.values.clone();
    this.incoming = new Hooks(get(SKIP), get(IDENTIFY_USER), get(IDENTIFY_COMPANY), get(GET_SESSION_TOKEN), get(GET_METADATA));
    this.outgoing = new Hooks(get(SKIP_OUTGOING), get(IDENTIFY_USER_OUTGOING), get(IDENTIFY_COMPANY_OUTGOING),
        get(GET_SESSION_TOKEN_OUTGOING), get(GET_METADATA_OUTGOING));
  }

  private <T> T get(ConfigKeys.Key<T> key) {
    return key.in(values);
  }

  /** {@return a builder with every setting at its default} */
  public static Builder builder() { return new Builder(ConfigKeys.defaults()); }

  /**
   * A config from the seed's keys ({@code APPLICATION_ID}, {@code LOG_BODY}, {@code SKIP}, ...).
   * Values may be Java values or strings ({@code "true"}, {@code "250"}, {@code "a,b"}); hooks must
   * be Java functions. Key matching ignores case, {@code _}, {@code -} and {@code .}.
   *
   * @param settings values by key
   * @return the config
   * @throws IllegalArgumentException on an unknown key (the nearest known key is suggested), a
   *     value of the wrong type or range, or a missing application id
   */
  public static MoesifConfig fromMap(Map<String, ?> settings) {
    return builder().apply(settings).build();
  }

  /** {@return a config from {@code MOESIF_<KEY>} environment variables and {@code moesif.<key>} system properties (which win)} */
  public static MoesifConfig fromEnvironment() { return builder().applyEnvironment().build(); }

  /** {@return every setting, in the order they are applied: what each is called, its type and default, what it does} */
  public static List<Setting> settings() { return SETTINGS; }

  /** {@return a builder holding this config's values} */
  public Builder toBuilder() { return new Builder(values); }

  /** {@return {@code APPLICATION_ID}} */ public String applicationId() { return get(APPLICATION_ID); }
  /** {@return the application id safe to log: its first 4 characters and an ellipsis} */
  public String applicationIdForLogs() { return redact(applicationId()); }
  /** {@return {@code BASE_URI}} */ public URI baseUri() { return get(BASE_URI); }
  /** {@return {@code ENABLED}} */ public boolean enabled() { return get(ENABLED); }
  /** {@return {@code DEBUG}} */ public boolean debug() { return get(DEBUG); }
  /** {@return {@code LOG_BODY}} */ public boolean logBody() { return get(LOG_BODY); }
  /** {@return {@code EVENT_QUEUE_SIZE}} */ public int eventQueueSize() { return get(EVENT_QUEUE_SIZE); }
  /** {@return {@code MAX_QUEUE_BYTES}} */ public long maxQueueBytes() { return get(MAX_QUEUE_BYTES); }
  /** {@return {@code MAX_CAPTURE_BYTES}} */ public long maxCaptureBytes() { return get(MAX_CAPTURE_BYTES); }
  /** {@return {@code EVENT_WORKER_COUNT}} */ public int eventWorkerCount() { return get(EVENT_WORKER_COUNT); }
  /** {@return {@code BATCH_SIZE}} */ public int batchSize() { return get(BATCH_SIZE); }
  /** {@return {@code MAX_BATCH_BYTES}} */ public int maxBatchBytes() { return get(MAX_BATCH_BYTES); }
  /** {@return {@code EVENT_BATCH_TIMEOUT}} */ public Duration batchTimeout() { return get(EVENT_BATCH_TIMEOUT); }
  /** {@return {@code LOAD_SHEDDING}} */ public boolean loadShedding() { return get(LOAD_SHEDDING); }
  /** {@return {@code MAX_QUEUE_AGE}} */ public Duration maxQueueAge() { return get(MAX_QUEUE_AGE); }
  /** {@return {@code MAX_SDK_CPU_PERCENT}} */ public int maxSdkCpuPercent() { return get(MAX_SDK_CPU_PERCENT); }
  /** {@return {@code AUTHORIZATION_HEADER_NAME}} */ public List<String> authorizationHeaderNames() { return get(AUTHORIZATION_HEADER_NAME); }
  /** {@return {@code AUTHORIZATION_USER_ID_FIELD}} */ public String authorizationUserIdField() { return get(AUTHORIZATION_USER_ID_FIELD); }
  /** {@return {@code API_VERSION}} */ public @Nullable String apiVersion() { return get(API_VERSION); }
  /** {@return whether {@code X-Moesif-Transaction-Id} is added: the inverse of {@code DISABLE_TRANSACTION_ID}} */ public boolean transactionIdHeader() { return !get(DISABLE_TRANSACTION_ID); }
  /** {@return {@code REQUEST_MAX_BODY_SIZE}} */ public int requestMaxBodySize() { return get(REQUEST_MAX_BODY_SIZE); }
  /** {@return {@code RESPONSE_MAX_BODY_SIZE}} */ public int responseMaxBodySize() { return get(RESPONSE_MAX_BODY_SIZE); }
  /** {@return {@code MASK_HEADERS}} */ public Set<String> maskedHeaders() { return get(MASK_HEADERS); }
  /** {@return {@code MASK_BODY_FIELDS}} */ public Set<String> maskedBodyFields() { return get(MASK_BODY_FIELDS); }
  /** {@return {@code MASK_RECOMMENDED}} */ public boolean maskRecommended() { return get(MASK_RECOMMENDED); }
  /** {@return {@code TRUSTED_PROXIES}} */ public @Nullable List<String> trustedProxies() { return get(TRUSTED_PROXIES); }
  /** {@return {@code TRUSTED_PROXY_IP_HEADERS}} */ public List<String> trustedProxyIpHeaders() { return get(TRUSTED_PROXY_IP_HEADERS); }
  /** {@return {@code CONNECT_TIMEOUT}} */ public Duration connectTimeout() { return get(CONNECT_TIMEOUT); }
  /** {@return {@code REQUEST_TIMEOUT}} */ public Duration requestTimeout() { return get(REQUEST_TIMEOUT); }
  /** {@return {@code MAX_RETRIES}} */ public int maxRetries() { return get(MAX_RETRIES); }
  /** {@return {@code RETRY_BASE_DELAY}} */ public Duration retryBaseDelay() { return get(RETRY_BASE_DELAY); }
  /** {@return {@code RETRY_MAX_DELAY}} */ public Duration retryMaxDelay() { return get(RETRY_MAX_DELAY); }
  /** {@return {@code SHUTDOWN_HOOK}} */ public boolean shutdownHook() { return get(SHUTDOWN_HOOK); }
  /** {@return {@code SHUTDOWN_TIMEOUT}} */ public Duration shutdownTimeout() { return get(SHUTDOWN_TIMEOUT); }
  /** {@return {@code CONFIG_REFRESH_INTERVAL}} */ public Duration configRefreshInterval() { return get(CONFIG_REFRESH_INTERVAL); }
  /** {@return hooks for calls this application serves} */ public Hooks incomingHooks() { return incoming; }
  /** {@return hooks for calls this application makes ({@code *_OUTGOING})} */ public Hooks outgoingHooks() { return outgoing; }
  /** {@return {@code CAPTURE_OUTGOING_REQUESTS}} */ public boolean captureOutgoingRequests() { return get(CAPTURE_OUTGOING_REQUESTS); }
  /** {@return {@code LOG_BODY_OUTGOING}} */ public boolean logBodyOutgoing() { return get(LOG_BODY_OUTGOING); }
  /** {@return {@code MASK_EVENT_MODEL}} */ public @Nullable UnaryOperator<EventModel> maskEvent() { return get(MASK_EVENT_MODEL); }

  @Override
  public String toString() {
    return "MoesifConfig{applicationId=" + applicationIdForLogs() + ", baseUri=" + baseUri() + ", logBody=" + logBody()
        + ", batchSize=" + batchSize() + ", workers=" + eventWorkerCount() + "}";
  }

  /**
   * The per-direction hooks. Each may be null. {@code skip} is called twice per call: first with
   * a null response, from the request alone (true passes the call through untouched), then with
   * the response.
   *
   * @param skip true to skip a call
   * @param identifyUser the user id
   * @param identifyCompany the company id
   * @param sessionToken the session token
   * @param metadata custom JSON-serialisable metadata
   */
  public record Hooks(
      @Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyUser,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyCompany,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> sessionToken,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> metadata) {}

  /**
   * One setting as {@link #settings()} lists it: enough to document it, or to bind it from another
   * configuration system (such as Spring Boot properties) through {@link #fromMap(Map)}.
   *
   * @param key the seed's key, such as {@code APPLICATION_ID}: the key of {@link #fromMap(Map)},
   *     and {@code MOESIF_APPLICATION_ID} as an environment variable
   * @param propertyName the key in kebab case, such as {@code application-id}: the property
   *     {@code moesif.application-id}
   * @param type the Java type of a value: {@code Boolean}, {@code Integer}, {@code Long}, {@code
   *     String}, {@link URI}, {@link Duration}, {@link List} (of strings) or, for a hook, its
   *     functional interface
   * @param defaultValue the default in a form every source accepts (durations in ISO-8601, such as
   *     {@code PT2S}), or null when there is none (required, unset, empty, or a hook)
   * @param description one sentence on what the setting does
   * @param codeOnly true for hooks, which only code and {@link #fromMap(Map)} can set
   */
  public record Setting(
      String key, String propertyName, Class<?> type, @Nullable String defaultValue, String description, boolean codeOnly) {}

  /** Builds a {@link MoesifConfig}. Every setter validates its argument. */
  public static final class Builder {
    private final Object[] values;

    private Builder(Object[] values) {
      this.values = values.clone();
    }

    private <T> Builder set(ConfigKeys.Key<T> key, T value) {
      key.store(values, value);
      return this;
    }

    /** Applies the seed's keys (see {@link MoesifConfig#fromMap(Map)}).
     * @param settings values by key
     * @return this builder */
    public Builder apply(Map<String, ?> settings) {
      ConfigKeys.apply(values, settings);
      return this;
    }

    /** {@return this builder, after {@code MOESIF_<KEY>} environment variables, then {@code moesif.<key>} system properties} */
    public Builder applyEnvironment() {
      ConfigKeys.applyEnvironment(this, System.getenv(), System.getProperties());
      return this;
    }

    /** {@code APPLICATION_ID}: the key from the Moesif portal's API Keys page (required).
     * @param id the application id
     * @return this builder */
    public Builder applicationId(String id) { return set(APPLICATION_ID, id); }
    /** {@code BASE_URI}: the collector address: Moesif's, a secure proxy or a local collector.
     * @param uri an absolute http(s) URI
     * @return this builder */
    public Builder baseUri(URI uri) { return set(BASE_URI, uri); }
    /** {@code ENABLED}: false turns every adapter into a pass-through (default true).
     * @param on true to turn it on
     * @return this builder */
    public Builder enabled(boolean on) { return set(ENABLED, on); }
    /** {@code DEBUG}: log the pipeline's work at INFO instead of DEBUG (never reconfigures logging).
     * @param on true to turn it on
     * @return this builder */
    public Builder debug(boolean on) { return set(DEBUG, on); }
    /** {@code LOG_BODY}: capture request and response bodies (default true).
     * @param on true to turn it on
     * @return this builder */
    public Builder logBody(boolean on) { return set(LOG_BODY, on); }
    /** {@code EVENT_QUEUE_SIZE}: most events held in memory awaiting upload (default 1,000,000).
     * @param events a count of events
     * @return this builder */
    public Builder eventQueueSize(int events) { return set(EVENT_QUEUE_SIZE, events); }
    /** {@code MAX_QUEUE_BYTES}: most estimated bytes held in the queue (default 64 MiB, at least 1024).
     * @param bytes a byte count
     * @return this builder */
    public Builder maxQueueBytes(long bytes) { return set(MAX_QUEUE_BYTES, bytes); }
    /** {@code MAX_CAPTURE_BYTES}: most bytes the body captures of calls in flight hold together (default 32 MiB);
     * past it, new bodies are counted, not copied, and their events say so.
     * @param bytes a byte count
     * @return this builder */
    public Builder maxCaptureBytes(long bytes) { return set(MAX_CAPTURE_BYTES, bytes); }
    /** {@code EVENT_WORKER_COUNT}: threads that batch and upload, each with at most one upload in flight (default 2,
     * at most 64).
     * @param threads a count of threads
     * @return this builder */
    public Builder eventWorkerCount(int threads) { return set(EVENT_WORKER_COUNT, threads); }
    /** {@code BATCH_SIZE}: events in one upload (default 100, 1 to 10000); while the queue backs up a batch grows
     * past it, up to 10,000 events or {@code MAX_BATCH_BYTES}.
     * @param events a count of events
     * @return this builder */
    public Builder batchSize(int events) { return set(BATCH_SIZE, events); }
    /** {@code MAX_BATCH_BYTES}: most uncompressed JSON bytes in one upload (default 8 MiB, at most 40 MiB).
     * @param bytes a byte count
     * @return this builder */
    public Builder maxBatchBytes(int bytes) { return set(MAX_BATCH_BYTES, bytes); }
    /** {@code EVENT_BATCH_TIMEOUT}: longest wait after a batch's first event before it is sent (default 2 s).
     * @param timeout a positive duration
     * @return this builder */
    public Builder batchTimeout(Duration timeout) { return set(EVENT_BATCH_TIMEOUT, timeout); }
    /** {@code LOAD_SHEDDING}: when shipping falls behind, keep 1 successful call in {@code w} (with weight {@code w})
     * and every error instead of dropping calls blindly when the queue fills (default true).
     * @param on true to turn it on
     * @return this builder */
    public Builder loadShedding(boolean on) { return set(LOAD_SHEDDING, on); }
    /** {@code MAX_QUEUE_AGE}: how long the oldest queued event may wait, while the collector answers, before load
     * shedding starts (default 2 s).
     * @param age a positive duration
     * @return this builder */
    public Builder maxQueueAge(Duration age) { return set(MAX_QUEUE_AGE, age); }
    /** {@code MAX_SDK_CPU_PERCENT}: while the process is busy (it uses 85% of its processors, or a
     * quarter while the machine is 90% busy), load shedding starts once the SDK uses more than
     * this percent of the process's CPU (its threads, its work on request threads, its part of
     * garbage collection; {@code Moesif.stats().sdkCpuPercent()} reads it), and steps back when it
     * is well under (default 20; 0 turns this trigger off, the queue's stays).
     * @param percent 0 to 100
     * @return this builder */
    public Builder maxSdkCpuPercent(int percent) { return set(MAX_SDK_CPU_PERCENT, percent); }
    /** {@code AUTHORIZATION_HEADER_NAME}: headers tried in order for the user id (default {@code authorization}).
     * @param names names, ignoring case
     * @return this builder */
    public Builder authorizationHeaderNames(String... names) { return authorizationHeaderNames(Arrays.asList(names)); }
    /** The same as {@link #authorizationHeaderNames(String...)}.
     * @param names names, ignoring case
     * @return this builder */
    public Builder authorizationHeaderNames(List<String> names) { return set(AUTHORIZATION_HEADER_NAME, names); }
    /** {@code AUTHORIZATION_USER_ID_FIELD}: the JWT claim holding the user id; dots walk nested objects (default
     * {@code sub}).
     * @param claim a claim name such as {@code sub} or {@code user.id}
     * @return this builder */
    public Builder authorizationUserIdField(String claim) { return set(AUTHORIZATION_USER_ID_FIELD, claim); }
    /** {@code API_VERSION}: reported as {@code request.api_version}.
     * @param version the version, or null
     * @return this builder */
    public Builder apiVersion(@Nullable String version) { return set(API_VERSION, version); }
    /** {@code DISABLE_TRANSACTION_ID}: the inverse of this setting; whether to add {@code X-Moesif-Transaction-Id} (default true).
     * @param add false to leave the header out
     * @return this builder */
    public Builder transactionIdHeader(boolean add) { return set(DISABLE_TRANSACTION_ID, !add); }
    /** {@code REQUEST_MAX_BODY_SIZE}: most request body bytes captured (default 1 MiB).
     * @param bytes a byte count
     * @return this builder */
    public Builder requestMaxBodySize(int bytes) { return set(REQUEST_MAX_BODY_SIZE, bytes); }
    /** {@code RESPONSE_MAX_BODY_SIZE}: most response body bytes captured (default 1 MiB).
     * @param bytes a byte count
     * @return this builder */
    public Builder responseMaxBodySize(int bytes) { return set(RESPONSE_MAX_BODY_SIZE, bytes); }
    /** {@code MASK_HEADERS}: header names whose values are replaced by {@code *****} in events, on top of the built-in set.
     * @param names names, ignoring case
     * @return this builder */
    public Builder maskHeaders(String... names) { return set(MASK_HEADERS, new HashSet<>(Arrays.asList(names))); }
    /** {@code MASK_BODY_FIELDS}: field names masked in JSON (any depth) and form bodies and query parameters, on top
     * of the built-in set; names match ignoring case, {@code _} and {@code -}.
     * @param names names, ignoring case
     * @return this builder */
    public Builder maskBodyFields(String... names) { return set(MASK_BODY_FIELDS, new HashSet<>(Arrays.asList(names))); }
    /** The same as {@code maskRecommended(true)}.
     * @return this builder */
    public Builder maskRecommended() { return maskRecommended(true); }
    /** {@code MASK_RECOMMENDED}: mask {@link #RECOMMENDED_MASKED_HEADERS}, {@link #RECOMMENDED_MASKED_BODY_FIELDS}
     * and card numbers (default true); names added with {@link #maskHeaders} and {@link #maskBodyFields} are masked
     * either way.
     * @param on true to turn it on
     * @return this builder */
    public Builder maskRecommended(boolean on) { return set(MASK_RECOMMENDED, on); }
    /** {@code TRUSTED_PROXIES}: IPs or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}) whose forwarding headers are
     * believed; unset, every peer's are (as in Moesif's other SDKs); empty, none are.
     * @param proxies IP literals or CIDR ranges, or null
     * @return this builder */
    public Builder trustedProxies(@Nullable List<String> proxies) { return set(TRUSTED_PROXIES, proxies); }
    /** {@code TRUSTED_PROXY_IP_HEADERS}: single-value client IP headers (such as {@code CF-Connecting-IP}) your
     * trusted proxies set, believed behind them; other single-value headers are then ignored (default none).
     * @param names names, ignoring case
     * @return this builder */
    public Builder trustedProxyIpHeaders(List<String> names) { return set(TRUSTED_PROXY_IP_HEADERS, names); }
    /** {@code CONNECT_TIMEOUT}: collector connect timeout (default 5 s).
     * @param timeout a positive duration
     * @return this builder */
    public Builder connectTimeout(Duration timeout) { return set(CONNECT_TIMEOUT, timeout); }
    /** {@code REQUEST_TIMEOUT}: collector request timeout (default 10 s).
     * @param timeout a positive duration
     * @return this builder */
    public Builder requestTimeout(Duration timeout) { return set(REQUEST_TIMEOUT, timeout); }
    /** {@code MAX_RETRIES}: retries of a failed upload before its events are dropped (default 10, about half a minute
     * of outage; at most 20).
     * @param retries from 0 to 20
     * @return this builder */
    public Builder maxRetries(int retries) { return set(MAX_RETRIES, retries); }
    /** {@code RETRY_BASE_DELAY}: first retry delay, doubled each retry, with jitter (default 200 ms).
     * @param delay a positive duration
     * @return this builder */
    public Builder retryBaseDelay(Duration delay) { return set(RETRY_BASE_DELAY, delay); }
    /** {@code RETRY_MAX_DELAY}: longest delay between retries, {@code Retry-After} included (default 10 s).
     * @param delay a positive duration
     * @return this builder */
    public Builder retryMaxDelay(Duration delay) { return set(RETRY_MAX_DELAY, delay); }
    /** {@code SHUTDOWN_HOOK}: flush and stop on JVM shutdown (default true).
     * @param on true to turn it on
     * @return this builder */
    public Builder shutdownHook(boolean on) { return set(SHUTDOWN_HOOK, on); }
    /** {@code SHUTDOWN_TIMEOUT}: how long {@code close()} and the shutdown hook may spend delivering (default 5 s).
     * @param timeout a positive duration
     * @return this builder */
    public Builder shutdownTimeout(Duration timeout) { return set(SHUTDOWN_TIMEOUT, timeout); }
    /** {@code CONFIG_REFRESH_INTERVAL}: how often server config and rules are refetched (default 60 s).
     * @param interval a positive duration
     * @return this builder */
    public Builder configRefreshInterval(Duration interval) { return set(CONFIG_REFRESH_INTERVAL, interval); }
    /** {@code SKIP}: true skips a call; called with a null response first (true passes the call through untouched),
     * then with the response.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder skip(@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> hook) { return set(SKIP, hook); }
    /** {@code IDENTIFY_USER}: the user id; a non-blank one wins over the automatic JWT/Basic extraction.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder identifyUser(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_USER, hook);
    }
    /** {@code IDENTIFY_COMPANY}: the company id.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder identifyCompany(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_COMPANY, hook);
    }
    /** {@code GET_SESSION_TOKEN}: the session token.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder sessionToken(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(GET_SESSION_TOKEN, hook);
    }
    /** {@code GET_METADATA}: custom JSON-serialisable metadata.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder metadata(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> hook) {
      return set(GET_METADATA, hook);
    }
    /** {@code MASK_EVENT_MODEL}: edits each event before it is sent, on a shipper thread; returning null drops the event.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder maskEvent(@Nullable UnaryOperator<EventModel> hook) { return set(MASK_EVENT_MODEL, hook); }
    /** {@code CAPTURE_OUTGOING_REQUESTS}: the client interceptors capture (default false: they pass calls through).
     * @param on true to turn it on
     * @return this builder */
    public Builder captureOutgoingRequests(boolean on) { return set(CAPTURE_OUTGOING_REQUESTS, on); }
    /** {@code LOG_BODY_OUTGOING}: capture bodies of outgoing calls (default true).
     * @param on true to turn it on
     * @return this builder */
    public Builder logBodyOutgoing(boolean on) { return set(LOG_BODY_OUTGOING, on); }
    /** {@code SKIP_OUTGOING}: {@link #skip} for calls this application makes.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder skipOutgoing(@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> hook) {
      return set(SKIP_OUTGOING, hook);
    }
    /** {@code IDENTIFY_USER_OUTGOING}: {@link #identifyUser} for outgoing calls (no automatic user id).
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder identifyUserOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_USER_OUTGOING, hook);
    }
    /** {@code IDENTIFY_COMPANY_OUTGOING}: {@link #identifyCompany} for outgoing calls.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder identifyCompanyOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_COMPANY_OUTGOING, hook);
    }
    /** {@code GET_SESSION_TOKEN_OUTGOING}: {@link #sessionToken} for outgoing calls.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder sessionTokenOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(GET_SESSION_TOKEN_OUTGOING, hook);
    }
    /** {@code GET_METADATA_OUTGOING}: {@link #metadata} for outgoing calls.
     * @param hook the hook, or null for none
     * @return this builder */
    public Builder metadataOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> hook) {
      return set(GET_METADATA_OUTGOING, hook);
    }

    /**
     * The config.
     *
     * @return the config
     * @throws IllegalArgumentException when no application id was given
     */
    public MoesifConfig build() {
      if (APPLICATION_ID.in(values).isEmpty()) {
        throw new IllegalArgumentException(
            "MoesifConfig: APPLICATION_ID is required: set it with builder().applicationId(\"…\"), the"
                + " APPLICATION_ID map key, the MOESIF_APPLICATION_ID environment variable or the"
                + " moesif.application_id system property (find it in the Moesif portal under API Keys)");
      }
      return new MoesifConfig(this);
    }
  }
}
