package com.moesif.core;

import static com.moesif.core.internal.ConfigKeys.*;

import com.moesif.core.internal.ConfigKeys;
import com.moesif.core.model.EventModel;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
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
  public static final Set<String> RECOMMENDED_MASKED_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "x-api-key",
          "api-key",
          "apikey",
          "x-apikey",
          "x-auth-token",
          "x-access-token",
          "x-refresh-token",
          "x-amz-security-token",
          "x-csrf-token",
          "x-xsrf-token");

  /**
   * Secret field names masked in JSON and form bodies and in the request URI's query parameters
   * unless {@link Builder#maskRecommended(boolean)} is false. Names match ignoring case, {@code _}
   * and {@code -}, so {@code access_token} also masks {@code accessToken} and {@code Access-Token}.
   */
  public static final Set<String> RECOMMENDED_MASKED_BODY_FIELDS =
      Set.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "client_secret",
          "api_secret",
          "access_token",
          "refresh_token",
          "id_token",
          "auth_token",
          "token",
          "api_key",
          "private_key",
          "cvv",
          "cvc");

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

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder(ConfigKeys.defaults());
  }

  /**
   * A config from the seed's keys ({@code APPLICATION_ID}, {@code LOG_BODY}, {@code SKIP}, ...).
   * Values may be Java values or strings ({@code "true"}, {@code "250"}, {@code "a,b"}); hooks must
   * be Java functions. Key matching ignores case, {@code _}, {@code -} and {@code .}.
   *
   * @throws IllegalArgumentException on an unknown key (the nearest known key is suggested), a
   *     value of the wrong type or range, or a missing application id
   */
  public static MoesifConfig fromMap(Map<String, ?> settings) {
    return builder().apply(settings).build();
  }

  /** A config from {@code MOESIF_<KEY>} environment variables and {@code moesif.<key>} system properties (which win). */
  public static MoesifConfig fromEnvironment() {
    return builder().applyEnvironment().build();
  }

  /** Every setting, in the order they are applied: what each is called, its type and default, what it does. */
  public static List<Setting> settings() {
    return SETTINGS;
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder(values);
  }

  /** The value set by {@link Builder#applicationId(String)}. */
  public String applicationId() { return get(APPLICATION_ID); }
  /** The application id safe to log: its first 4 characters and an ellipsis. */
  public String applicationIdForLogs() { return redact(applicationId()); }
  /** The value set by {@link Builder#baseUri(URI)}. */
  public URI baseUri() { return get(BASE_URI); }
  /** The value set by {@link Builder#enabled(boolean)}. */
  public boolean enabled() { return get(ENABLED); }
  /** The value set by {@link Builder#debug(boolean)}. */
  public boolean debug() { return get(DEBUG); }
  /** The value set by {@link Builder#logBody(boolean)}. */
  public boolean logBody() { return get(LOG_BODY); }
  /** The value set by {@link Builder#eventQueueSize(int)}. */
  public int eventQueueSize() { return get(EVENT_QUEUE_SIZE); }
  /** The value set by {@link Builder#maxQueueBytes(long)}. */
  public long maxQueueBytes() { return get(MAX_QUEUE_BYTES); }
  /** The value set by {@link Builder#maxCaptureBytes(long)}. */
  public long maxCaptureBytes() { return get(MAX_CAPTURE_BYTES); }
  /** The value set by {@link Builder#eventWorkerCount(int)}. */
  public int eventWorkerCount() { return get(EVENT_WORKER_COUNT); }
  /** The value set by {@link Builder#batchSize(int)}. */
  public int batchSize() { return get(BATCH_SIZE); }
  /** The value set by {@link Builder#maxBatchBytes(int)}. */
  public int maxBatchBytes() { return get(MAX_BATCH_BYTES); }
  /** The value set by {@link Builder#batchTimeout(Duration)}. */
  public Duration batchTimeout() { return get(EVENT_BATCH_TIMEOUT); }
  /** The value set by {@link Builder#loadShedding(boolean)}. */
  public boolean loadShedding() { return get(LOAD_SHEDDING); }
  /** The value set by {@link Builder#maxQueueAge(Duration)}. */
  public Duration maxQueueAge() { return get(MAX_QUEUE_AGE); }
  /** The value set by {@link Builder#maxSdkCpuPercent(int)}. */
  public int maxSdkCpuPercent() { return get(MAX_SDK_CPU_PERCENT); }
  /** Lower-cased header names, as set by {@link Builder#authorizationHeaderNames(List)}. */
  public List<String> authorizationHeaderNames() { return get(AUTHORIZATION_HEADER_NAME); }
  /** The value set by {@link Builder#authorizationUserIdField(String)}. */
  public String authorizationUserIdField() { return get(AUTHORIZATION_USER_ID_FIELD); }
  /** The value set by {@link Builder#apiVersion(String)}, or null. */
  public @Nullable String apiVersion() { return get(API_VERSION); }
  /** The value set by {@link Builder#disableTransactionId(boolean)}. */
  public boolean disableTransactionId() { return get(DISABLE_TRANSACTION_ID); }
  /** The value set by {@link Builder#requestMaxBodySize(int)}. */
  public int requestMaxBodySize() { return get(REQUEST_MAX_BODY_SIZE); }
  /** The value set by {@link Builder#responseMaxBodySize(int)}. */
  public int responseMaxBodySize() { return get(RESPONSE_MAX_BODY_SIZE); }
  /** Lower-cased header names added with {@code MASK_HEADERS}, masked on top of the built-in set when {@link #maskRecommended()}. */
  public Set<String> maskedHeaders() { return get(MASK_HEADERS); }
  /** Lower-cased field names added with {@code MASK_BODY_FIELDS}: masked in JSON (any depth) and form bodies and query parameters. */
  public Set<String> maskedBodyFields() { return get(MASK_BODY_FIELDS); }
  /** Whether the built-in masks are on: {@link #RECOMMENDED_MASKED_HEADERS}, {@link #RECOMMENDED_MASKED_BODY_FIELDS} and card numbers. */
  public boolean maskRecommended() { return get(MASK_RECOMMENDED); }
  /**
   * IPs or CIDR ranges of proxies whose forwarding headers are believed; null means every peer's
   * headers are believed, as in Moesif's other SDKs.
   */
  public @Nullable List<String> trustedProxies() { return get(TRUSTED_PROXIES); }
  /**
   * Single-value client IP headers ({@code CF-Connecting-IP}, {@code True-Client-IP}, ...) the
   * trusted proxies set, so believed behind them; empty by default (a client could send them).
   */
  public List<String> trustedProxyIpHeaders() { return get(TRUSTED_PROXY_IP_HEADERS); }
  /** The value set by {@link Builder#connectTimeout(Duration)}. */
  public Duration connectTimeout() { return get(CONNECT_TIMEOUT); }
  /** The value set by {@link Builder#requestTimeout(Duration)}. */
  public Duration requestTimeout() { return get(REQUEST_TIMEOUT); }
  /** The value set by {@link Builder#maxRetries(int)}. */
  public int maxRetries() { return get(MAX_RETRIES); }
  /** The value set by {@link Builder#retryBaseDelay(Duration)}. */
  public Duration retryBaseDelay() { return get(RETRY_BASE_DELAY); }
  /** The value set by {@link Builder#retryMaxDelay(Duration)}. */
  public Duration retryMaxDelay() { return get(RETRY_MAX_DELAY); }
  /** The value set by {@link Builder#shutdownHook(boolean)}. */
  public boolean shutdownHook() { return get(SHUTDOWN_HOOK); }
  /** The value set by {@link Builder#shutdownTimeout(Duration)}. */
  public Duration shutdownTimeout() { return get(SHUTDOWN_TIMEOUT); }
  /** The value set by {@link Builder#configRefreshInterval(Duration)}. */
  public Duration configRefreshInterval() { return get(CONFIG_REFRESH_INTERVAL); }
  /** Hooks for calls this application serves. */
  public Hooks incomingHooks() { return incoming; }
  /** Hooks for calls this application makes ({@code *_OUTGOING}). */
  public Hooks outgoingHooks() { return outgoing; }
  /** The value set by {@link Builder#captureOutgoingRequests(boolean)}. */
  public boolean captureOutgoingRequests() { return get(CAPTURE_OUTGOING_REQUESTS); }
  /** The value set by {@link Builder#logBodyOutgoing(boolean)}. */
  public boolean logBodyOutgoing() { return get(LOG_BODY_OUTGOING); }
  /** The value set by {@link Builder#maskEvent(UnaryOperator)}, or null. */
  public @Nullable UnaryOperator<EventModel> maskEvent() { return get(MASK_EVENT_MODEL); }

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
      values[key.index()] = key.check().apply(value);
      return this;
    }

    /** Applies the seed's keys (see {@link MoesifConfig#fromMap(Map)}). */
    public Builder apply(Map<String, ?> settings) {
      ConfigKeys.apply(this, settings);
      return this;
    }

    /** Applies {@code MOESIF_<KEY>} environment variables, then {@code moesif.<key>} system properties. */
    public Builder applyEnvironment() {
      ConfigKeys.applyEnvironment(this, System.getenv(), System.getProperties());
      return this;
    }

    /** {@code APPLICATION_ID} (required): the key from the Moesif portal's API Keys page. */
    public Builder applicationId(String applicationId) { return set(APPLICATION_ID, applicationId); }
    /** {@code BASE_URI}: the collector address (a secure proxy or a local collector). */
    public Builder baseUri(URI baseUri) { return set(BASE_URI, baseUri); }
    /** {@code ENABLED}: false turns every adapter into a pass-through (default true). */
    public Builder enabled(boolean enabled) { return set(ENABLED, enabled); }
    /** {@code DEBUG}: log the pipeline's work at INFO instead of DEBUG (never reconfigures logging). */
    public Builder debug(boolean debug) { return set(DEBUG, debug); }
    /** {@code LOG_BODY}: capture request and response bodies (default true). */
    public Builder logBody(boolean logBody) { return set(LOG_BODY, logBody); }
    /** {@code EVENT_QUEUE_SIZE}: most events held in memory awaiting upload (default 1,000,000). */
    public Builder eventQueueSize(int eventQueueSize) { return set(EVENT_QUEUE_SIZE, eventQueueSize); }
    /** {@code MAX_QUEUE_BYTES}: most estimated bytes held in the queue (default 64 MiB, at least 1024). */
    public Builder maxQueueBytes(long maxQueueBytes) { return set(MAX_QUEUE_BYTES, maxQueueBytes); }
    /**
     * {@code MAX_CAPTURE_BYTES}: most bytes the body captures of calls still in flight hold
     * together (default 32 MiB, at least 1024); past it, new bodies are counted, not copied, and
     * their events say so.
     */
    public Builder maxCaptureBytes(long maxCaptureBytes) { return set(MAX_CAPTURE_BYTES, maxCaptureBytes); }
    /**
     * {@code EVENT_WORKER_COUNT}: threads that batch and upload (default 2, at most 64); each has
     * at most one upload in flight.
     */
    public Builder eventWorkerCount(int eventWorkerCount) { return set(EVENT_WORKER_COUNT, eventWorkerCount); }
    /**
     * {@code BATCH_SIZE}: events in one upload (default 100, 1 to 10000); while the queue backs up
     * (more is queued than every worker's next batch would take) a batch grows past it, up to
     * 10,000 events or {@code MAX_BATCH_BYTES}.
     */
    public Builder batchSize(int batchSize) { return set(BATCH_SIZE, batchSize); }
    /** {@code MAX_BATCH_BYTES}: most uncompressed JSON bytes in one upload (default 8 MiB, at most 40 MiB). */
    public Builder maxBatchBytes(int maxBatchBytes) { return set(MAX_BATCH_BYTES, maxBatchBytes); }
    /** {@code EVENT_BATCH_TIMEOUT}: longest wait after a batch's first event before it is sent (default 2 s). */
    public Builder batchTimeout(Duration batchTimeout) { return set(EVENT_BATCH_TIMEOUT, batchTimeout); }
    /**
     * {@code LOAD_SHEDDING}: when shipping falls behind, keep 1 successful call in {@code w} (with
     * weight {@code w}) and every error, instead of letting the queue fill and drop calls blindly
     * (default true). False keeps every call until the queue's caps drop them.
     */
    public Builder loadShedding(boolean loadShedding) { return set(LOAD_SHEDDING, loadShedding); }
    /**
     * {@code MAX_QUEUE_AGE}: how long the oldest queued event may wait, while the collector
     * answers, before load shedding starts (default 2 s).
     */
    public Builder maxQueueAge(Duration maxQueueAge) { return set(MAX_QUEUE_AGE, maxQueueAge); }
    /**
     * {@code MAX_SDK_CPU_PERCENT}: while the process is busy (it uses half its processors, or a
     * quarter while the machine is 90% busy), load shedding starts once the SDK's own threads use
     * more than this percent of the process's CPU, and steps back when they are well under it
     * (default 20; 0 turns this trigger off, the queue's stays).
     */
    public Builder maxSdkCpuPercent(int percent) { return set(MAX_SDK_CPU_PERCENT, percent); }
    /** {@code AUTHORIZATION_HEADER_NAME}: headers tried in order for the user id (default {@code authorization}). */
    public Builder authorizationHeaderNames(String... names) { return authorizationHeaderNames(Arrays.asList(names)); }
    /** The same as {@link #authorizationHeaderNames(String...)}. */
    public Builder authorizationHeaderNames(List<String> names) { return set(AUTHORIZATION_HEADER_NAME, names); }
    /** {@code AUTHORIZATION_USER_ID_FIELD}: the JWT claim holding the user id; dots walk nested objects (default {@code sub}). */
    public Builder authorizationUserIdField(String field) { return set(AUTHORIZATION_USER_ID_FIELD, field); }
    /** {@code API_VERSION}: reported as {@code request.api_version}. */
    public Builder apiVersion(@Nullable String apiVersion) { return set(API_VERSION, apiVersion); }
    /** {@code DISABLE_TRANSACTION_ID}: do not add {@code X-Moesif-Transaction-Id}. */
    public Builder disableTransactionId(boolean disable) { return set(DISABLE_TRANSACTION_ID, disable); }
    /** {@code REQUEST_MAX_BODY_SIZE}: most request body bytes captured (default 1 MiB). */
    public Builder requestMaxBodySize(int bytes) { return set(REQUEST_MAX_BODY_SIZE, bytes); }
    /** {@code RESPONSE_MAX_BODY_SIZE}: most response body bytes captured (default 1 MiB). */
    public Builder responseMaxBodySize(int bytes) { return set(RESPONSE_MAX_BODY_SIZE, bytes); }
    /** {@code MASK_HEADERS}: header names whose values are replaced by {@code *****} in events, on top of the built-in set. */
    public Builder maskHeaders(String... names) { return set(MASK_HEADERS, union(MASK_HEADERS, Arrays.asList(names))); }
    /**
     * {@code MASK_BODY_FIELDS}: field names whose values are replaced by {@code *****} in JSON bodies
     * (any depth), form bodies and query parameters, on top of the built-in set. Names match
     * ignoring case, {@code _} and {@code -}.
     */
    public Builder maskBodyFields(String... names) { return set(MASK_BODY_FIELDS, union(MASK_BODY_FIELDS, Arrays.asList(names))); }
    /** The same as {@code maskRecommended(true)}. */
    public Builder maskRecommended() { return maskRecommended(true); }
    /**
     * {@code MASK_RECOMMENDED} (default true): mask credential headers ({@link
     * #RECOMMENDED_MASKED_HEADERS}), secret field names ({@link #RECOMMENDED_MASKED_BODY_FIELDS})
     * in bodies and query parameters, and card numbers. False turns these defaults off; names added
     * with {@link #maskHeaders} and {@link #maskBodyFields} are masked either way.
     */
    public Builder maskRecommended(boolean on) { return set(MASK_RECOMMENDED, on); }

    private Set<String> union(ConfigKeys.Key<Set<String>> key, Collection<String> more) {
      Set<String> all = new LinkedHashSet<>(key.in(values));
      all.addAll(more);
      return all;
    }

    /**
     * {@code TRUSTED_PROXIES}: IPs or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}) whose
     * forwarding headers are believed. Unset, every peer's are (as in Moesif's other SDKs);
     * empty, none are and the socket address is always used.
     */
    public Builder trustedProxies(@Nullable List<String> proxies) { return set(TRUSTED_PROXIES, proxies); }
    /**
     * {@code TRUSTED_PROXY_IP_HEADERS}: single-value client IP headers your trusted proxies set
     * (for example {@code CF-Connecting-IP}), believed when the peer is a trusted proxy; any other
     * single-value header is then ignored, as a client could have sent it through the proxy.
     * Default none; without {@code TRUSTED_PROXIES} every header is believed anyway.
     */
    public Builder trustedProxyIpHeaders(List<String> names) { return set(TRUSTED_PROXY_IP_HEADERS, names); }
    /** {@code CONNECT_TIMEOUT}: collector connect timeout (default 5 s). */
    public Builder connectTimeout(Duration timeout) { return set(CONNECT_TIMEOUT, timeout); }
    /** {@code REQUEST_TIMEOUT}: collector request timeout (default 10 s). */
    public Builder requestTimeout(Duration timeout) { return set(REQUEST_TIMEOUT, timeout); }
    /**
     * {@code MAX_RETRIES}: retries of a failed upload before its events are dropped (default 10, at
     * most 20). With the default delays, 10 keep a batch through an outage of about half a minute,
     * so brief collector outages cost no events while the queue has room.
     */
    public Builder maxRetries(int maxRetries) { return set(MAX_RETRIES, maxRetries); }
    /** {@code RETRY_BASE_DELAY}: first retry delay, doubled each retry, with jitter (default 200 ms). */
    public Builder retryBaseDelay(Duration delay) { return set(RETRY_BASE_DELAY, delay); }
    /** {@code RETRY_MAX_DELAY}: longest delay between retries, {@code Retry-After} included (default 10 s). */
    public Builder retryMaxDelay(Duration delay) { return set(RETRY_MAX_DELAY, delay); }
    /** {@code SHUTDOWN_HOOK}: flush and stop on JVM shutdown (default true). */
    public Builder shutdownHook(boolean shutdownHook) { return set(SHUTDOWN_HOOK, shutdownHook); }
    /** {@code SHUTDOWN_TIMEOUT}: how long the shutdown hook may spend delivering (default 5 s). */
    public Builder shutdownTimeout(Duration timeout) { return set(SHUTDOWN_TIMEOUT, timeout); }
    /** {@code CONFIG_REFRESH_INTERVAL}: how often server config and rules are refetched (default 60 s). */
    public Builder configRefreshInterval(Duration interval) { return set(CONFIG_REFRESH_INTERVAL, interval); }
    /** {@code SKIP}: true to skip a call. Called with a null response first, then with the response. */
    public Builder skip(@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip) { return set(SKIP, skip); }
    /** {@code IDENTIFY_USER}: the user id; overrides the automatic JWT/Basic extraction when non-blank. */
    public Builder identifyUser(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_USER, hook);
    }
    /** {@code IDENTIFY_COMPANY}: the company id. */
    public Builder identifyCompany(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_COMPANY, hook);
    }
    /** {@code GET_SESSION_TOKEN}: the session token. */
    public Builder sessionToken(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(GET_SESSION_TOKEN, hook);
    }
    /** {@code GET_METADATA}: custom JSON-serialisable metadata. */
    public Builder metadata(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> hook) {
      return set(GET_METADATA, hook);
    }
    /** {@code MASK_EVENT_MODEL}: edits each event before it is sent; runs on a shipper thread. Returning null drops the event. */
    public Builder maskEvent(@Nullable UnaryOperator<EventModel> maskEvent) { return set(MASK_EVENT_MODEL, maskEvent); }
    /** {@code CAPTURE_OUTGOING_REQUESTS}: the client interceptors capture (default false: they pass through). */
    public Builder captureOutgoingRequests(boolean capture) { return set(CAPTURE_OUTGOING_REQUESTS, capture); }
    /** {@code LOG_BODY_OUTGOING}: capture bodies of outgoing calls (default true). */
    public Builder logBodyOutgoing(boolean logBody) { return set(LOG_BODY_OUTGOING, logBody); }
    /** {@code SKIP_OUTGOING}: {@link #skip} for calls this application makes. */
    public Builder skipOutgoing(@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip) {
      return set(SKIP_OUTGOING, skip);
    }
    /** {@code IDENTIFY_USER_OUTGOING}: {@link #identifyUser} for outgoing calls (no automatic user id). */
    public Builder identifyUserOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_USER_OUTGOING, hook);
    }
    /** {@code IDENTIFY_COMPANY_OUTGOING}: {@link #identifyCompany} for outgoing calls. */
    public Builder identifyCompanyOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(IDENTIFY_COMPANY_OUTGOING, hook);
    }
    /** {@code GET_SESSION_TOKEN_OUTGOING}: {@link #sessionToken} for outgoing calls. */
    public Builder sessionTokenOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      return set(GET_SESSION_TOKEN_OUTGOING, hook);
    }
    /** {@code GET_METADATA_OUTGOING}: {@link #metadata} for outgoing calls. */
    public Builder metadataOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> hook) {
      return set(GET_METADATA_OUTGOING, hook);
    }

    /**
     * The config.
     *
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
