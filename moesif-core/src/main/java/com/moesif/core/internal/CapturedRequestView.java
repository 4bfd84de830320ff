package com.moesif.core.internal;

import com.moesif.core.CapturedRequest;
import com.moesif.core.Direction;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.model.EventBody;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CapturedRequest} handed to hooks: a lazy view over the adapter's getters. It is also
 * the header lookup ({@link #apply}) the user-id extractor reads, so the request thread does not
 * allocate a method reference for it.
 */
public final class CapturedRequestView implements CapturedRequest, Function<String, @Nullable String> {
  private static final AtomicReferenceFieldUpdater<CapturedRequestView, BodyCapture> BODY =
      AtomicReferenceFieldUpdater.newUpdater(CapturedRequestView.class, BodyCapture.class, "body");
  private final HttpRequestView view;
  private final Direction direction;
  private final long timeMillis;
  private final @Nullable ClientIpResolver clientIp;
  private @Nullable String ipAddress;
  private boolean ipResolved;
  /** The load-shedding divisor when the call started (its weight if it succeeds); 0 when shed. */
  private int loadDivisor = 1;
  /** The body capture's limit, or -1 when bodies are not captured. */
  private final int bodyLimit;
  /** Asked whether it is backlogged when the body capture is created. */
  private final EventQueue queue;
  /** Created on first use: most requests (GETs) have no body and never need one. */
  private volatile @Nullable BodyCapture body;
  private @Nullable String[] headerPairs;
  private @Nullable HeaderMap headers;
  private @Nullable Object parsedBody;
  private boolean bodyParsed;
  private BoundedRegex.@Nullable Budget regexBudget;
  private final String url;

  /**
   * @param clientIp resolves the client IP from this request's headers and peer; null for none
   *     (outgoing calls)
   * @param queue the queue the event will go to: while it is backlogged the body is counted, not kept
   */
  public CapturedRequestView(
      HttpRequestView view,
      Direction direction,
      long timeMillis,
      @Nullable ClientIpResolver clientIp,
      int bodyLimit,
      EventQueue queue) {
    this.view = view;
    this.direction = direction;
    this.timeMillis = timeMillis;
    this.bodyLimit = bodyLimit;
    this.queue = queue;
    this.url = view.url();
    this.clientIp = clientIp;
  }

  /**
   * Load shedding's decision for this call, made once it is not skipped: {@code loadDivisor} is the
   * weight it carries if it succeeds, 0 when it is shed. A kept call reads its headers now (the
   * event needs every one anyway) and finds the client IP in them; a shed one reads nothing more
   * unless it ends in an error.
   */
  public void admit(int loadDivisor) {
    this.loadDivisor = loadDivisor;
    if (loadDivisor != 0) {
      ipAddress();
    }
  }

  /** True when load shedding let this call go at its start. */
  public boolean shed() {
    return loadDivisor == 0;
  }

  /** The load-shedding divisor when the call started; 0 when shed. */
  int loadDivisor() {
    return loadDivisor;
  }

  /** The first value of a header, as {@link #header}: the lookup the user-id extractor takes. */
  @Override
  public @Nullable String apply(String name) {
    return view.header(name);
  }

  public HttpRequestView view() {
    return view;
  }

  public long timeMillis() {
    return timeMillis;
  }

  /**
   * The regex work this call's governance and sampling may do together, made on first use (most
   * calls meet no rule). Governance runs before the handler and sampling after, one after the
   * other, so a plain field is enough.
   */
  BoundedRegex.Budget regexBudget() {
    BoundedRegex.Budget budget = regexBudget;
    if (budget == null) {
      budget = new BoundedRegex.Budget();
      regexBudget = budget;
    }
    return budget;
  }

  /** Where the request body is teed; created by the first call. */
  public BodyCapture bodyCapture() {
    return LazyBodyCapture.get(BODY, this, bodyLimit, queue, shed());
  }

  /** The body captured so far without creating a capture: disabled when nothing ever teed into one. */
  BodyCapture capturedBody() {
    return LazyBodyCapture.orDisabled(body);
  }

  /** Flat name/value pairs of every header value, read once from the adapter. */
  public String[] headerPairs() {
    String[] pairs = headerPairs;
    if (pairs == null) {
      pairs = PairCollector.of(view);
      headerPairs = pairs;
    }
    return pairs;
  }

  @Override
  public String method() {
    return view.method();
  }

  @Override
  public String uri() {
    return url;
  }

  @Override
  public String path() {
    return Urls.path(url);
  }

  @Override
  public @Nullable String query() {
    return Urls.query(url);
  }

  @Override
  public @Nullable String route() {
    return view.route();
  }

  @Override
  public @Nullable String header(String name) {
    return view.header(name);
  }

  @Override
  public Map<String, List<String>> headers() {
    HeaderMap map = headers;
    if (map == null) {
      map = HeaderMap.of(headerPairs());
      headers = map;
    }
    return map;
  }

  @Override
  public @Nullable String ipAddress() {
    if (!ipResolved) {
      ipAddress = clientIp == null ? null : clientIp.resolve(headerPairs(), view.remoteAddress());
      ipResolved = true;
    }
    return ipAddress;
  }

  @Override
  public Instant time() {
    return Instant.ofEpochMilli(timeMillis);
  }

  @Override
  public @Nullable Object body() {
    if (!bodyParsed) {
      bodyParsed = true;
      parsedBody = parse(capturedBody(), view.header("content-type"), view.header("content-encoding"));
    }
    return parsedBody;
  }

  static @Nullable Object parse(BodyCapture capture, @Nullable String type, @Nullable String encoding) {
    EventBody decoded = BodyDecoder.decode(PendingEvent.RawBody.of(capture, type, encoding));
    if (decoded == null) {
      return null;
    }
    return decoded.value();
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public <T> @Nullable T unwrap(Class<T> type) {
    Object n = view.nativeRequest();
    return type.isInstance(n) ? type.cast(n) : null;
  }
}
