package com.moesif.core;

import com.moesif.core.internal.ConfigKeys;
import com.moesif.core.model.EventModel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * that names the key, the value and the expected form.
 */
public final class MoesifConfig {
  /** Default collector address. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.moesif.net");

  /** Header names masked by {@link Builder#maskRecommended()}. */
  public static final Set<String> RECOMMENDED_MASKED_HEADERS =
      Set.of("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key");

  /** Body field names masked by {@link Builder#maskRecommended()}. */
  public static final Set<String> RECOMMENDED_MASKED_BODY_FIELDS =
      Set.of("password", "access_token", "refresh_token", "client_secret");

  private final String applicationId;
  private final URI baseUri;
  private final boolean enabled;
  private final boolean debug;
  private final boolean logBody;
  private final int eventQueueSize;
  private final long maxQueueBytes;
  private final long maxCaptureBytes;
  private final int eventWorkerCount;
  private final int batchSize;
  private final int maxBatchBytes;
  private final Duration batchTimeout;
  private final List<String> authorizationHeaderNames;
  private final String authorizationUserIdField;
  private final @Nullable String apiVersion;
  private final boolean disableTransactionId;
  private final int requestMaxBodySize;
  private final int responseMaxBodySize;
  private final Set<String> maskedHeaders;
  private final Set<String> maskedBodyFields;
  private final @Nullable List<String> trustedProxies;
  private final List<String> trustedProxyIpHeaders;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final boolean shutdownHook;
  private final Duration shutdownTimeout;
  private final Duration configRefreshInterval;
  private final Hooks incoming;
  private final Hooks outgoing;
  private final boolean captureOutgoingRequests;
  private final boolean logBodyOutgoing;
  private final @Nullable UnaryOperator<EventModel> maskEvent;

  private MoesifConfig(Builder b) {
    this.applicationId = b.applicationId;
    this.baseUri = b.baseUri;
    this.enabled = b.enabled;
    this.debug = b.debug;
    this.logBody = b.logBody;
    this.eventQueueSize = b.eventQueueSize;
    this.maxQueueBytes = b.maxQueueBytes;
    this.maxCaptureBytes = b.maxCaptureBytes;
    this.eventWorkerCount = b.eventWorkerCount;
    this.batchSize = b.batchSize;
    this.maxBatchBytes = b.maxBatchBytes;
    this.batchTimeout = b.batchTimeout;
    this.authorizationHeaderNames = List.copyOf(b.authorizationHeaderNames);
    this.authorizationUserIdField = b.authorizationUserIdField;
    this.apiVersion = b.apiVersion;
    this.disableTransactionId = b.disableTransactionId;
    this.requestMaxBodySize = b.requestMaxBodySize;
    this.responseMaxBodySize = b.responseMaxBodySize;
    this.maskedHeaders = Set.copyOf(b.maskedHeaders);
    this.maskedBodyFields = Set.copyOf(b.maskedBodyFields);
    this.trustedProxies = b.trustedProxies == null ? null : List.copyOf(b.trustedProxies);
    this.trustedProxyIpHeaders = b.trustedProxyIpHeaders;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.maxRetries = b.maxRetries;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.shutdownHook = b.shutdownHook;
    this.shutdownTimeout = b.shutdownTimeout;
    this.configRefreshInterval = b.configRefreshInterval;
    this.incoming = new Hooks(b.skip, b.identifyUser, b.identifyCompany, b.sessionToken, b.metadata);
    this.outgoing =
        new Hooks(
            b.skipOutgoing,
            b.identifyUserOutgoing,
            b.identifyCompanyOutgoing,
            b.sessionTokenOutgoing,
            b.metadataOutgoing);
    this.captureOutgoingRequests = b.captureOutgoingRequests;
    this.logBodyOutgoing = b.logBodyOutgoing;
    this.maskEvent = b.maskEvent;
  }

  public static Builder builder() {
    return new Builder();
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

  public Builder toBuilder() {
    return new Builder(this);
  }

  public String applicationId() {
    return applicationId;
  }

  /** The application id safe to log: its first 4 characters and an ellipsis. */
  public String applicationIdForLogs() {
    return redact(applicationId);
  }

  static String redact(String secret) {
    return secret.length() <= 4 ? "…" : secret.substring(0, 4) + "…";
  }

  public URI baseUri() {
    return baseUri;
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean debug() {
    return debug;
  }

  public boolean logBody() {
    return logBody;
  }

  public int eventQueueSize() {
    return eventQueueSize;
  }

  public long maxQueueBytes() {
    return maxQueueBytes;
  }

  public long maxCaptureBytes() {
    return maxCaptureBytes;
  }

  public int eventWorkerCount() {
    return eventWorkerCount;
  }

  public int batchSize() {
    return batchSize;
  }

  public int maxBatchBytes() {
    return maxBatchBytes;
  }

  public Duration batchTimeout() {
    return batchTimeout;
  }

  public List<String> authorizationHeaderNames() {
    return authorizationHeaderNames;
  }

  public String authorizationUserIdField() {
    return authorizationUserIdField;
  }

  public @Nullable String apiVersion() {
    return apiVersion;
  }

  public boolean disableTransactionId() {
    return disableTransactionId;
  }

  public int requestMaxBodySize() {
    return requestMaxBodySize;
  }

  public int responseMaxBodySize() {
    return responseMaxBodySize;
  }

  /** Lower-cased header names whose values are masked in events. */
  public Set<String> maskedHeaders() {
    return maskedHeaders;
  }

  /** Lower-cased JSON field names whose values are masked in event bodies, at any depth. */
  public Set<String> maskedBodyFields() {
    return maskedBodyFields;
  }

  /**
   * IPs or CIDR ranges of proxies whose forwarding headers are believed; null means every peer's
   * headers are believed (Moesif's historical behaviour).
   */
  public @Nullable List<String> trustedProxies() {
    return trustedProxies;
  }

  /**
   * Single-value client IP headers ({@code CF-Connecting-IP}, {@code True-Client-IP}, ...) the
   * trusted proxies set, so believed behind them; empty by default (a client could send them).
   */
  public List<String> trustedProxyIpHeaders() {
    return trustedProxyIpHeaders;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  public boolean shutdownHook() {
    return shutdownHook;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  public Duration configRefreshInterval() {
    return configRefreshInterval;
  }

  /** Hooks for calls this application serves. */
  public Hooks incomingHooks() {
    return incoming;
  }

  /** Hooks for calls this application makes ({@code *_OUTGOING}). */
  public Hooks outgoingHooks() {
    return outgoing;
  }

  public boolean captureOutgoingRequests() {
    return captureOutgoingRequests;
  }

  public boolean logBodyOutgoing() {
    return logBodyOutgoing;
  }

  public @Nullable UnaryOperator<EventModel> maskEvent() {
    return maskEvent;
  }

  @Override
  public String toString() {
    return "MoesifConfig{applicationId="
        + applicationIdForLogs()
        + ", baseUri="
        + baseUri
        + ", logBody="
        + logBody
        + ", batchSize="
        + batchSize
        + ", workers="
        + eventWorkerCount
        + "}";
  }

  /**
   * The per-direction hooks. Each may be null. {@code skip} is called twice per call: first with
   * a null response, from the request alone (true passes the call through untouched), then with
   * the response.
   */
  public record Hooks(
      @Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyUser,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyCompany,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> sessionToken,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> metadata) {}

  /** Builds a {@link MoesifConfig}. Every setter validates its argument. */
  public static final class Builder {
    private String applicationId = "";
    private URI baseUri = DEFAULT_BASE_URI;
    private boolean enabled = true;
    private boolean debug;
    private boolean logBody = true;
    private int eventQueueSize = 1_000_000;
    private long maxQueueBytes = 64L * 1024 * 1024;
    private long maxCaptureBytes = 32L * 1024 * 1024;
    private int eventWorkerCount = 2;
    private int batchSize = 100;
    private int maxBatchBytes = 8 * 1024 * 1024;
    private Duration batchTimeout = Duration.ofSeconds(2);
    private List<String> authorizationHeaderNames = List.of("authorization");
    private String authorizationUserIdField = "sub";
    private @Nullable String apiVersion;
    private boolean disableTransactionId;
    private int requestMaxBodySize = 1024 * 1024;
    private int responseMaxBodySize = 1024 * 1024;
    private Set<String> maskedHeaders = Set.of();
    private Set<String> maskedBodyFields = Set.of();
    private @Nullable List<String> trustedProxies;
    private List<String> trustedProxyIpHeaders = List.of();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    // 10, not 3: with 0.2 s doubling to a 10 s cap (equal jitter), 3 retries gave up after about
    // 1 s of outage and failed the batches the workers held while the queue still had room (the
    // soak lost 22% of its events to 3 s flaps); 10 keep a batch through 26-52 s of outage.
    private int maxRetries = 10;
    private Duration retryBaseDelay = Duration.ofMillis(200);
    private Duration retryMaxDelay = Duration.ofSeconds(10);
    private boolean shutdownHook = true;
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private Duration configRefreshInterval = Duration.ofSeconds(60);
    private @Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyUser;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyCompany;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> sessionToken;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> metadata;
    private @Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skipOutgoing;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyUserOutgoing;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> identifyCompanyOutgoing;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> sessionTokenOutgoing;
    private @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> metadataOutgoing;
    private boolean captureOutgoingRequests;
    private boolean logBodyOutgoing = true;
    private @Nullable UnaryOperator<EventModel> maskEvent;

    private Builder() {}

    private Builder(MoesifConfig c) {
      applicationId = c.applicationId;
      baseUri = c.baseUri;
      enabled = c.enabled;
      debug = c.debug;
      logBody = c.logBody;
      eventQueueSize = c.eventQueueSize;
      maxQueueBytes = c.maxQueueBytes;
      maxCaptureBytes = c.maxCaptureBytes;
      eventWorkerCount = c.eventWorkerCount;
      batchSize = c.batchSize;
      maxBatchBytes = c.maxBatchBytes;
      batchTimeout = c.batchTimeout;
      authorizationHeaderNames = c.authorizationHeaderNames;
      authorizationUserIdField = c.authorizationUserIdField;
      apiVersion = c.apiVersion;
      disableTransactionId = c.disableTransactionId;
      requestMaxBodySize = c.requestMaxBodySize;
      responseMaxBodySize = c.responseMaxBodySize;
      maskedHeaders = c.maskedHeaders;
      maskedBodyFields = c.maskedBodyFields;
      trustedProxies = c.trustedProxies;
      trustedProxyIpHeaders = c.trustedProxyIpHeaders;
      connectTimeout = c.connectTimeout;
      requestTimeout = c.requestTimeout;
      maxRetries = c.maxRetries;
      retryBaseDelay = c.retryBaseDelay;
      retryMaxDelay = c.retryMaxDelay;
      shutdownHook = c.shutdownHook;
      shutdownTimeout = c.shutdownTimeout;
      configRefreshInterval = c.configRefreshInterval;
      skip = c.incoming.skip();
      identifyUser = c.incoming.identifyUser();
      identifyCompany = c.incoming.identifyCompany();
      sessionToken = c.incoming.sessionToken();
      metadata = c.incoming.metadata();
      skipOutgoing = c.outgoing.skip();
      identifyUserOutgoing = c.outgoing.identifyUser();
      identifyCompanyOutgoing = c.outgoing.identifyCompany();
      sessionTokenOutgoing = c.outgoing.sessionToken();
      metadataOutgoing = c.outgoing.metadata();
      captureOutgoingRequests = c.captureOutgoingRequests;
      logBodyOutgoing = c.logBodyOutgoing;
      maskEvent = c.maskEvent;
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
    public Builder applicationId(String applicationId) {
      Objects.requireNonNull(applicationId, "applicationId");
      String trimmed = applicationId.trim();
      if (trimmed.isEmpty()) {
        throw ConfigKeys.invalid("APPLICATION_ID", "\"\"", "a non-empty Moesif application id");
      }
      if (trimmed.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
        throw ConfigKeys.invalid(
            "APPLICATION_ID", redact(trimmed), "printable ASCII without spaces");
      }
      this.applicationId = trimmed;
      return this;
    }

    /** {@code BASE_URI}: the collector address (a secure proxy or a local collector). */
    public Builder baseUri(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      String scheme = baseUri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || baseUri.getHost() == null) {
        throw ConfigKeys.invalid(
            "BASE_URI", String.valueOf(baseUri), "an absolute http(s) URI such as http://localhost:9500/collector");
      }
      this.baseUri = baseUri;
      return this;
    }

    /** {@code ENABLED}: false turns every adapter into a pass-through (default true). */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** {@code DEBUG}: log the pipeline's work at INFO instead of DEBUG (never reconfigures logging). */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /** {@code LOG_BODY}: capture request and response bodies (default true). */
    public Builder logBody(boolean logBody) {
      this.logBody = logBody;
      return this;
    }

    /** {@code EVENT_QUEUE_SIZE}: most events held in memory awaiting upload (default 1,000,000). */
    public Builder eventQueueSize(int eventQueueSize) {
      this.eventQueueSize = ConfigKeys.positive("EVENT_QUEUE_SIZE", eventQueueSize);
      return this;
    }

    /** {@code MAX_QUEUE_BYTES}: most estimated bytes held in the queue (default 64 MiB). */
    public Builder maxQueueBytes(long maxQueueBytes) {
      if (maxQueueBytes < 1024) {
        throw ConfigKeys.invalid("MAX_QUEUE_BYTES", String.valueOf(maxQueueBytes), "at least 1024 bytes");
      }
      this.maxQueueBytes = maxQueueBytes;
      return this;
    }

    /**
     * {@code MAX_CAPTURE_BYTES}: most bytes the body captures of calls still in flight hold
     * together (default 32 MiB); past it, new bodies are counted, not copied, and their events say
     * so.
     */
    public Builder maxCaptureBytes(long maxCaptureBytes) {
      if (maxCaptureBytes < 1024) {
        throw ConfigKeys.invalid("MAX_CAPTURE_BYTES", String.valueOf(maxCaptureBytes), "at least 1024 bytes");
      }
      this.maxCaptureBytes = maxCaptureBytes;
      return this;
    }

    /**
     * {@code EVENT_WORKER_COUNT}: threads that batch and upload (default 2, at most 64), plus as
     * many reserve threads that work only while the queue is more than half full and the
     * collector answers.
     */
    public Builder eventWorkerCount(int eventWorkerCount) {
      if (eventWorkerCount < 1 || eventWorkerCount > 64) {
        throw ConfigKeys.invalid("EVENT_WORKER_COUNT", String.valueOf(eventWorkerCount), "an integer from 1 to 64");
      }
      this.eventWorkerCount = eventWorkerCount;
      return this;
    }

    /** {@code BATCH_SIZE}: most events in one upload (default 100). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw ConfigKeys.invalid("BATCH_SIZE", String.valueOf(batchSize), "an integer from 1 to 10000");
      }
      this.batchSize = batchSize;
      return this;
    }

    /** {@code MAX_BATCH_BYTES}: most uncompressed JSON bytes in one upload (default 8 MiB, at most 40 MiB). */
    public Builder maxBatchBytes(int maxBatchBytes) {
      if (maxBatchBytes < 1024 || maxBatchBytes > 40 * 1024 * 1024) {
        throw ConfigKeys.invalid("MAX_BATCH_BYTES", String.valueOf(maxBatchBytes), "from 1024 to 41943040 bytes (the collector takes at most 50 MB)");
      }
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** {@code EVENT_BATCH_TIMEOUT}: longest wait after a batch's first event before it is sent (default 2 s). */
    public Builder batchTimeout(Duration batchTimeout) {
      this.batchTimeout = ConfigKeys.positive("EVENT_BATCH_TIMEOUT", batchTimeout);
      return this;
    }

    /** {@code AUTHORIZATION_HEADER_NAME}: headers tried in order for the user id (default {@code authorization}). */
    public Builder authorizationHeaderNames(String... names) {
      return authorizationHeaderNames(Arrays.asList(names));
    }

    public Builder authorizationHeaderNames(List<String> names) {
      List<String> cleaned = new ArrayList<>();
      for (String name : names) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || !n.chars().allMatch(Builder::isTokenChar)) {
          throw ConfigKeys.invalid("AUTHORIZATION_HEADER_NAME", String.valueOf(names), "comma-separated header names such as \"X-Api-Key,Authorization\"");
        }
        cleaned.add(n.toLowerCase(Locale.ROOT));
      }
      if (cleaned.isEmpty()) {
        throw ConfigKeys.invalid("AUTHORIZATION_HEADER_NAME", "[]", "at least one header name");
      }
      this.authorizationHeaderNames = cleaned;
      return this;
    }

    /** {@code AUTHORIZATION_USER_ID_FIELD}: the JWT claim holding the user id; dots walk nested objects (default {@code sub}). */
    public Builder authorizationUserIdField(String field) {
      if (field == null || field.isBlank()) {
        throw ConfigKeys.invalid("AUTHORIZATION_USER_ID_FIELD", String.valueOf(field), "a claim name such as \"sub\" or \"user.id\"");
      }
      this.authorizationUserIdField = field.trim();
      return this;
    }

    /** {@code API_VERSION}: reported as {@code request.api_version}. */
    public Builder apiVersion(@Nullable String apiVersion) {
      this.apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.trim();
      return this;
    }

    /** {@code DISABLE_TRANSACTION_ID}: do not add {@code X-Moesif-Transaction-Id}. */
    public Builder disableTransactionId(boolean disable) {
      this.disableTransactionId = disable;
      return this;
    }

    /** {@code REQUEST_MAX_BODY_SIZE}: most request body bytes captured (default 1 MiB). */
    public Builder requestMaxBodySize(int bytes) {
      this.requestMaxBodySize = ConfigKeys.bodyLimit("REQUEST_MAX_BODY_SIZE", bytes);
      return this;
    }

    /** {@code RESPONSE_MAX_BODY_SIZE}: most response body bytes captured (default 1 MiB). */
    public Builder responseMaxBodySize(int bytes) {
      this.responseMaxBodySize = ConfigKeys.bodyLimit("RESPONSE_MAX_BODY_SIZE", bytes);
      return this;
    }

    /** {@code MASK_HEADERS}: header names whose values are replaced by {@code *****} in events. */
    public Builder maskHeaders(String... names) {
      this.maskedHeaders = union(maskedHeaders, Arrays.asList(names), "MASK_HEADERS");
      return this;
    }

    /** {@code MASK_BODY_FIELDS}: JSON field names (any depth) whose values are replaced by {@code *****}. */
    public Builder maskBodyFields(String... names) {
      this.maskedBodyFields = union(maskedBodyFields, Arrays.asList(names), "MASK_BODY_FIELDS");
      return this;
    }

    /**
     * {@code MASK_RECOMMENDED}: mask the recommended set ({@link #RECOMMENDED_MASKED_HEADERS},
     * {@link #RECOMMENDED_MASKED_BODY_FIELDS}). Off by default for parity with Moesif's SDKs.
     */
    public Builder maskRecommended() {
      this.maskedHeaders = union(maskedHeaders, RECOMMENDED_MASKED_HEADERS, "MASK_HEADERS");
      this.maskedBodyFields = union(maskedBodyFields, RECOMMENDED_MASKED_BODY_FIELDS, "MASK_BODY_FIELDS");
      return this;
    }

    private static Set<String> union(Set<String> current, Iterable<String> more, String key) {
      Set<String> result = new LinkedHashSet<>(current);
      for (String name : more) {
        if (name == null || name.isBlank()) {
          throw ConfigKeys.invalid(key, String.valueOf(name), "non-blank names");
        }
        result.add(name.trim().toLowerCase(Locale.ROOT));
      }
      return result;
    }

    /**
     * {@code TRUSTED_PROXIES}: IPs or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}) whose
     * forwarding headers are believed. Unset, every peer's are (Moesif's historical behaviour);
     * empty, none are and the socket address is always used.
     */
    public Builder trustedProxies(@Nullable List<String> proxies) {
      if (proxies != null) {
        for (String proxy : proxies) {
          ConfigKeys.checkCidr(proxy);
        }
      }
      this.trustedProxies = proxies == null ? null : List.copyOf(proxies);
      return this;
    }

    /**
     * {@code TRUSTED_PROXY_IP_HEADERS}: single-value client IP headers your trusted proxies set
     * (for example {@code CF-Connecting-IP}), believed when the peer is a trusted proxy; any other
     * single-value header is then ignored, as a client could have sent it through the proxy.
     * Default none; without {@code TRUSTED_PROXIES} every header is believed anyway.
     */
    public Builder trustedProxyIpHeaders(List<String> names) {
      Objects.requireNonNull(names, "names");
      com.moesif.core.internal.ClientIpResolver.believedBits(names);
      List<String> cleaned = new ArrayList<>();
      for (String name : names) {
        cleaned.add(name.strip());
      }
      this.trustedProxyIpHeaders = List.copyOf(cleaned);
      return this;
    }

    /** {@code CONNECT_TIMEOUT}: collector connect timeout (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = ConfigKeys.positive("CONNECT_TIMEOUT", timeout);
      return this;
    }

    /** {@code REQUEST_TIMEOUT}: collector request timeout (default 10 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = ConfigKeys.positive("REQUEST_TIMEOUT", timeout);
      return this;
    }

    /**
     * {@code MAX_RETRIES}: retries of a failed upload before its events are dropped (default 10:
     * with the default delays, a batch survives an outage of about half a minute or more).
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 20) {
        throw ConfigKeys.invalid("MAX_RETRIES", String.valueOf(maxRetries), "an integer from 0 to 20");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** {@code RETRY_BASE_DELAY}: first retry delay, doubled each retry, with jitter (default 200 ms). */
    public Builder retryBaseDelay(Duration delay) {
      this.retryBaseDelay = ConfigKeys.positive("RETRY_BASE_DELAY", delay);
      return this;
    }

    /** {@code RETRY_MAX_DELAY}: longest delay between retries, {@code Retry-After} included (default 10 s). */
    public Builder retryMaxDelay(Duration delay) {
      this.retryMaxDelay = ConfigKeys.positive("RETRY_MAX_DELAY", delay);
      return this;
    }

    /** {@code SHUTDOWN_HOOK}: flush and stop on JVM shutdown (default true). */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /** {@code SHUTDOWN_TIMEOUT}: how long the shutdown hook may spend delivering (default 5 s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = ConfigKeys.positive("SHUTDOWN_TIMEOUT", timeout);
      return this;
    }

    /** {@code CONFIG_REFRESH_INTERVAL}: how often server config and rules are refetched (default 60 s). */
    public Builder configRefreshInterval(Duration interval) {
      this.configRefreshInterval = ConfigKeys.positive("CONFIG_REFRESH_INTERVAL", interval);
      return this;
    }

    /** {@code SKIP}: true to skip a call. Called with a null response first, then with the response. */
    public Builder skip(@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip) {
      this.skip = skip;
      return this;
    }

    /** {@code IDENTIFY_USER}: the user id; overrides the automatic JWT/Basic extraction when non-blank. */
    public Builder identifyUser(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      this.identifyUser = hook;
      return this;
    }

    /** {@code IDENTIFY_COMPANY}: the company id. */
    public Builder identifyCompany(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      this.identifyCompany = hook;
      return this;
    }

    /** {@code GET_SESSION_TOKEN}: the session token. */
    public Builder sessionToken(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      this.sessionToken = hook;
      return this;
    }

    /** {@code GET_METADATA}: custom JSON-serialisable metadata. */
    public Builder metadata(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> hook) {
      this.metadata = hook;
      return this;
    }

    /** {@code MASK_EVENT_MODEL}: edits each event before it is sent; runs on a shipper thread. Returning null drops the event. */
    public Builder maskEvent(@Nullable UnaryOperator<EventModel> maskEvent) {
      this.maskEvent = maskEvent;
      return this;
    }

    /** {@code CAPTURE_OUTGOING_REQUESTS}: the client interceptors capture (default false: they pass through). */
    public Builder captureOutgoingRequests(boolean capture) {
      this.captureOutgoingRequests = capture;
      return this;
    }

    /** {@code LOG_BODY_OUTGOING}: capture bodies of outgoing calls (default true). */
    public Builder logBodyOutgoing(boolean logBody) {
      this.logBodyOutgoing = logBody;
      return this;
    }

    /** {@code SKIP_OUTGOING}. */
    public Builder skipOutgoing(@Nullable BiPredicate<CapturedRequest, @Nullable CapturedResponse> skip) {
      this.skipOutgoing = skip;
      return this;
    }

    /** {@code IDENTIFY_USER_OUTGOING}. */
    public Builder identifyUserOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      this.identifyUserOutgoing = hook;
      return this;
    }

    /** {@code IDENTIFY_COMPANY_OUTGOING}. */
    public Builder identifyCompanyOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      this.identifyCompanyOutgoing = hook;
      return this;
    }

    /** {@code GET_SESSION_TOKEN_OUTGOING}. */
    public Builder sessionTokenOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook) {
      this.sessionTokenOutgoing = hook;
      return this;
    }

    /** {@code GET_METADATA_OUTGOING}. */
    public Builder metadataOutgoing(@Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable Map<String, ?>> hook) {
      this.metadataOutgoing = hook;
      return this;
    }

    /**
     * @throws IllegalArgumentException when no application id was given
     */
    public MoesifConfig build() {
      if (applicationId.isEmpty()) {
        throw new IllegalArgumentException(
            "MoesifConfig: APPLICATION_ID is required: set it with builder().applicationId(\"…\"), the"
                + " APPLICATION_ID map key, the MOESIF_APPLICATION_ID environment variable or the"
                + " moesif.application_id system property (find it in the Moesif portal under API Keys)");
      }
      return new MoesifConfig(this);
    }

    private static boolean isTokenChar(int ch) {
      return ch > 0x20 && ch < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0;
    }
  }
}
