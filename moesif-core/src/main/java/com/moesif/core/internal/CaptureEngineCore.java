package com.moesif.core.internal;

import com.moesif.core.CapturedRequest;
import com.moesif.core.CapturedResponse;
import com.moesif.core.Direction;
import com.moesif.core.MoesifConfig;
import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.HttpResponseView;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine itself, behind the {@link com.moesif.core.adapter.CaptureEngine} facade adapters
 * hold: every decision of the request thread (skip, transaction id, client IP, governance,
 * identity, sampling, queueing), from an adapter's {@code start} to the queue offer. Keeps to
 * getter calls, bounded copies and one non-blocking offer; the shipper threads do the rest.
 */
public final class CaptureEngineCore {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  private static final int MAX_TRANSACTION_ID_LENGTH = 128;
  private static final long SLOW_HOOK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

  private final MoesifConfig config;
  private final Counters counters;
  private final EventQueue queue;
  private final OnceLogger onceLogger;
  private final ClientIpResolver clientIp;
  private final UserIdExtractor userIds;
  private final Urls.CollectorAddress collectorAddress;
  private final ServerConfigRefresher remote;
  private final LoadShedding shedding;

  public CaptureEngineCore(
      MoesifConfig config,
      Counters counters,
      EventQueue queue,
      OnceLogger onceLogger,
      ServerConfigRefresher remote,
      LoadShedding shedding) {
    this.config = config;
    this.shedding = shedding;
    this.remote = remote;
    this.counters = counters;
    this.queue = queue;
    this.onceLogger = onceLogger;
    this.clientIp = new ClientIpResolver(config.trustedProxies(), config.trustedProxyIpHeaders());
    this.userIds = new UserIdExtractor(config.authorizationHeaderNames(), config.authorizationUserIdField());
    this.collectorAddress = Urls.CollectorAddress.of(config.baseUri());
    queue.captureBudget().limit(config.maxCaptureBytes());
  }

  public MoesifConfig config() {
    return config;
  }

  /**
   * Starts measuring the SDK's work in a section on the request thread (a call's start or end),
   * for the CPU-share trigger; null unless this section is one of the sampled few.
   */
  public RequestThreadCost.@Nullable Section requestSection() {
    return shedding.requestSection();
  }

  /** The request view for a call to capture, or null to pass it through untouched. */
  public @Nullable CapturedRequestView begin(HttpRequestView view, Direction direction) {
    if (!config.enabled()) {
      return null;
    }
    if (direction == Direction.OUTGOING) {
      if (!config.captureOutgoingRequests() || isCollectorCall(view.url())) {
        return null;
      }
    }
    long now = System.currentTimeMillis();
    CapturedRequestView request =
        new CapturedRequestView(
            view, direction, now, direction == Direction.INCOMING ? clientIp : null, requestBodyLimit(direction),
            queue);
    MoesifConfig.Hooks hooks = hooks(direction);
    if (hooks.skip() != null && skip(hooks.skip(), request, null)) {
      counters.skipped.increment();
      return null;
    }
    shedding.tickFromRequestThread(now);
    request.admit(shedding.admit());
    return request;
  }

  private boolean isCollectorCall(String url) {
    return collectorAddress.contains(url);
  }

  private MoesifConfig.Hooks hooks(Direction direction) {
    return direction == Direction.INCOMING ? config.incomingHooks() : config.outgoingHooks();
  }

  public boolean capturesBodies(Direction direction) {
    return direction == Direction.INCOMING ? config.logBody() : config.logBodyOutgoing();
  }

  /** The request body capture's limit, -1 when bodies are not captured. */
  private int requestBodyLimit(Direction direction) {
    return capturesBodies(direction) ? config.requestMaxBodySize() : -1;
  }

  /** The queue events go to; body captures ask it whether it is backlogged. */
  public EventQueue queue() {
    return queue;
  }

  /** The response body capture's limit, -1 when bodies are not captured. */
  public int responseBodyLimit(Direction direction) {
    return capturesBodies(direction) ? config.responseMaxBodySize() : -1;
  }

  /**
   * Governance before the handler (collector-api.md §7): user and company come from the request
   * alone. Fails open: any error means no rule applies, and is counted.
   */
  public GovernanceRules.Decision govern(CapturedRequestView request) {
    GovernanceRules rules = remote.rules();
    if (rules.isEmpty() || request.direction() != Direction.INCOMING) {
      return GovernanceRules.Decision.NONE;
    }
    try {
      MoesifConfig.Hooks hooks = hooks(request.direction());
      String userId = beforeResponse(hooks.identifyUser(), request);
      if (userId == null) {
        userId = safeAutomaticUserId(request);
      }
      String companyId = beforeResponse(hooks.identifyCompany(), request);
      com.fasterxml.jackson.databind.JsonNode body = null;
      if (rules.needsBody() && config.logBody()) {
        byte[] peeked = request.view().peekBody(config.requestMaxBodySize());
        if (peeked != null && peeked.length > 0) {
          try {
            body = Json.MAPPER.readTree(peeked);
          } catch (java.io.IOException notJson) {
            body = null;
          }
        }
      }
      GovernanceRules.Input input =
          new GovernanceRules.Input(
              request.method(),
              Urls.pathAndQuery(request.uri()),
              request.ipAddress(),
              request.view()::header,
              body,
              userId,
              companyId);
      BoundedRegex.Budget budget = request.regexBudget();
      GovernanceRules.Decision decision = rules.evaluate(input, remote.config(), budget);
      if (budget.exhausted()) {
        regexBudgetExhausted();
      }
      return decision;
    } catch (Throwable t) {
      internalError("governance", t);
      return GovernanceRules.Decision.NONE;
    }
  }

  /**
   * Identity hooks called before the handler get a null response; hooks written for the full
   * call may throw on it, which here just means "unknown" (not counted as a hook error).
   */
  private @Nullable String beforeResponse(
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable String> hook, CapturedRequestView request) {
    if (hook == null) {
      return null;
    }
    try {
      String value = hook.apply(request, null);
      return value == null || value.isBlank() ? null : value;
    } catch (RuntimeException e) {
      LOG.debug("Moesif: identify hook could not run before the response (governance): {}", e.toString());
      return null;
    }
  }

  /**
   * The call's transaction id: the incoming {@value Exchange#TRANSACTION_ID_HEADER}, trimmed, when
   * it is non-empty, at most 128 characters and printable ASCII
   * (spaces included), so the client's correlation holds; otherwise a random UUID (not
   * security-sensitive, so no SecureRandom lock). The event carries this one id everywhere (see
   * {@code EventAssembler}).
   */
  public @Nullable String transactionId(HttpRequestView view, Direction direction) {
    if (!config.transactionIdHeader()) {
      return null;
    }
    String incoming = view.header(Exchange.TRANSACTION_ID_HEADER);
    if (incoming != null) {
      String trimmed = incoming.trim();
      if (!trimmed.isEmpty() && trimmed.length() <= MAX_TRANSACTION_ID_LENGTH && isPrintableAscii(trimmed)) {
        return trimmed;
      }
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new java.util.UUID(hi, lo).toString();
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** End of a call: hooks, identity, sampling, offer. Runs on the thread that completed the call. */
  public void complete(
      CapturedRequestView request,
      HttpResponseView responseView,
      @Nullable Throwable error,
      @Nullable String transactionId,
      BodyCapture responseBody,
      @Nullable BlockResponse block) {
    long now = System.currentTimeMillis();
    int status = responseView.status();
    if (error != null && status < 400) {
      status = 500;
    }
    boolean shed = request.shed();
    if (shed && status < 400) {
      // Let go at its start and it succeeded: a kept success's weight stands for it.
      counters.captured.increment();
      counters.shed.increment();
      return;
    }
    if (isHead(request)) {
      // A HEAD response has no body on the wire, whatever the handler wrote to measure it.
      responseBody = BodyCapture.disabled();
    }
    String[] responseHeaders = PairCollector.of(responseView);
    MoesifConfig.Hooks hooks = hooks(request.direction());
    // Only hooks look at the response view: without any, the request thread skips the object.
    CapturedResponseView response =
        usesResponse(hooks) ? new CapturedResponseView(responseView, status, now, responseBody, responseHeaders) : null;
    if (hooks.skip() != null && skip(hooks.skip(), request, response)) {
      counters.skipped.increment();
      return;
    }
    String userId = call("identifyUser", hooks.identifyUser(), request, response);
    if (userId == null && request.direction() == Direction.INCOMING) {
      userId = safeAutomaticUserId(request);
    }
    String companyId = call("identifyCompany", hooks.identifyCompany(), request, response);
    String sessionToken = call("sessionToken", hooks.sessionToken(), request, response);
    Map<String, ?> metadata = call("metadata", hooks.metadata(), request, response);
    counters.captured.increment();
    int serverWeight = 1;
    ServerConfig serverConfig = remote.config();
    if (!serverConfig.keepsEverything()) {
      double rate = sampleRate(serverConfig, request, status, userId, companyId);
      if (!(ThreadLocalRandom.current().nextDouble(100) < rate)) {
        counters.sampledOut.increment();
        return;
      }
      serverWeight = ServerConfig.weight(rate);
    }
    int weight = LoadShedding.weight(status, request.loadDivisor(), serverWeight);
    // The transaction id joins the event's request headers on the shipper thread (EventAssembler).
    String[] requestHeaders = request.headerPairs();
    PendingEvent event =
        new PendingEvent(
            request.direction(),
            request.timeMillis(),
            now,
            request.uri(),
            request.method(),
            requestHeaders,
            request.ipAddress(),
            config.apiVersion(),
            rawBody(request.capturedBody(), requestHeaders, shed),
            status,
            responseHeaders,
            rawBody(responseBody, responseHeaders, shed),
            userId,
            companyId,
            sessionToken,
            metadata,
            weight,
            block == null ? null : block.ruleId(),
            transactionId);
    queue.offer(event);
  }

  private static boolean isHead(CapturedRequestView request) {
    return "HEAD".equals(request.method());
  }

  /**
   * The event's sample rate; fails open: when a rule cannot be decided (regex budget) or the
   * evaluation fails, the event is kept at weight 1, never lost uncounted.
   */
  private double sampleRate(
      ServerConfig serverConfig, CapturedRequestView request, int status, @Nullable String userId, @Nullable String companyId) {
    try {
      BoundedRegex.Budget budget = request.regexBudget();
      boolean exhaustedBefore = budget.exhausted();
      double rate =
          serverConfig.sampleRate(request.method(), request.path(), request.ipAddress(), status, userId, companyId, budget);
      if (budget.exhausted() && !exhaustedBefore) {
        regexBudgetExhausted();
      }
      return rate;
    } catch (Throwable t) {
      internalError("sampling", t);
      return 100;
    }
  }

  private void regexBudgetExhausted() {
    onceLogger.warn(
        "regex-budget",
        "Moesif: a governance or sampling rule's regex could not be decided within the request's work"
            + " budget (a pattern that backtracks catastrophically on this input); such rules do not"
            + " apply and such events are kept at weight 1",
        null);
  }

  /** The call is over: its body captures leave the budget of captures in flight ({@link CaptureBudget}). */
  public void releaseBodies(CapturedRequestView request, BodyCapture responseBody) {
    request.capturedBody().release();
    responseBody.release();
  }

  private static boolean usesResponse(MoesifConfig.Hooks hooks) {
    return hooks.skip() != null
        || hooks.identifyUser() != null
        || hooks.identifyCompany() != null
        || hooks.sessionToken() != null
        || hooks.metadata() != null;
  }

  /** A captured body with its type: the headers are searched only when there is a body to type. */
  private static PendingEvent.@Nullable RawBody rawBody(BodyCapture capture, String[] headers, boolean shed) {
    if (PendingEvent.RawBody.holdsNothing(capture)) {
      return null;
    }
    PendingEvent.RawBody body =
        PendingEvent.RawBody.of(capture, header(headers, "content-type"), header(headers, "content-encoding"));
    return shed && body != null ? body.asShed() : body;
  }

  /** The first value of a header in flat pairs (case-insensitive), as {@link CapturedResponseView#header}. */
  static @Nullable String header(String[] pairs, String name) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i].equalsIgnoreCase(name)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  private @Nullable String safeAutomaticUserId(CapturedRequestView request) {
    try {
      return userIds.extract(request);
    } catch (RuntimeException e) {
      internalError("user-id-extraction", e);
      return null;
    }
  }

  private boolean skip(
      BiPredicate<CapturedRequest, @Nullable CapturedResponse> hook,
      CapturedRequest request,
      @Nullable CapturedResponse response) {
    long start = System.nanoTime();
    try {
      return hook.test(request, response);
    } catch (Throwable t) {
      hookError("skip", t);
      return false;
    } finally {
      warnIfSlow("skip", start);
    }
  }

  private <T> @Nullable T call(
      String name,
      @Nullable BiFunction<CapturedRequest, CapturedResponse, @Nullable T> hook,
      CapturedRequest request,
      @Nullable CapturedResponse response) {
    if (hook == null || response == null) {
      return null;
    }
    long start = System.nanoTime();
    try {
      T value = hook.apply(request, response);
      if (value instanceof String s && s.isBlank()) {
        return null;
      }
      return value;
    } catch (Throwable t) {
      hookError(name, t);
      return null;
    } finally {
      warnIfSlow(name, start);
    }
  }

  /**
   * Hooks run on the request thread (they may need the native request), so a slow one delays the
   * response. The SDK cannot safely cut user code short; it says so, once per hook.
   */
  private void warnIfSlow(String hook, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    if (elapsed > SLOW_HOOK_NANOS) {
      onceLogger.warn(
          "slow-hook:" + hook,
          "Moesif: the " + hook + " hook took " + elapsed / 1_000_000 + " ms on the request thread; keep hooks fast",
          null);
    }
  }

  private void hookError(String hook, Throwable t) {
    counters.hookErrors.increment();
    counters.lastError("hook " + hook + " threw " + t);
    onceLogger.warn("hook:" + hook, "Moesif: the " + hook + " hook threw; the event is built without its value", t);
  }

  /** Counts an SDK error that was caught so the application never sees it; logs once per place. */
  public void internalError(String where, Throwable t) {
    counters.internalErrors.increment();
    counters.lastError(where + ": " + t);
    onceLogger.warn("internal:" + where, "Moesif: internal error in " + where + "; the call proceeds uncaptured", t);
  }

  public void outgoingFailure(Throwable t) {
    counters.outgoingFailures.increment();
    if (LOG.isDebugEnabled()) {
      LOG.debug("Moesif: outgoing call failed before a response; no event: {}", t.toString());
    }
  }
}
