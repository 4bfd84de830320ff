package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP call the SDK makes to the collector, over one {@code java.net.http} client with its
 * own daemon threads: the same headers, the same timeouts, and one retry policy (connect failures,
 * 408, 429 and 5xx retried with exponential backoff and equal jitter, {@code Retry-After}
 * honoured, a bounded number of times; 401/403 logged once without the id; other 4xx permanent).
 *
 * <p>Every exchange is bounded whole: {@code CONNECT_TIMEOUT} plus {@code REQUEST_TIMEOUT} covers
 * connecting, the answer's head and its body. The client's own timeouts stop at the head, so a
 * collector that sends its head and then trickles the body (or chunks it forever) would otherwise
 * park the calling thread for as long as it liked: the body's subscriber fails the exchange once
 * the bound has passed, looked at as bytes arrive and by a timer for a body that stalls.
 *
 * <p>Exchanges go through the blocking {@code send}, not {@code sendAsync}: the JDK completes
 * {@code sendAsync}'s future through the default async pool, which on a machine with fewer than
 * three processors starts a new thread for every call.
 */
public final class CollectorClient {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");

  /** How a POST ended, after retries. */
  public enum Outcome {
    SENT,
    FAILED,
    TOO_LARGE
  }

  /**
   * A POST's end: the outcome, the last HTTP status (0 when no answer came) and a short reason.
   */
  public record PostResult(Outcome outcome, int status, String detail, int attempts) {}

  private final MoesifConfig config;
  private final Counters counters;
  private final OnceLogger onceLogger;
  private final LossLog lossLog = new LossLog();
  private final long exchangeTimeoutNanos;
  private final String userAgent;
  /** A handful of fixed paths (events, batches, config, entities). */
  private final Map<String, URI> uris = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final HttpClient http;
  private final @Nullable Thread selector;
  private final Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();
  private volatile Consumer<HttpHeaders> responseListener = h -> {};
  /** True from an upload that succeeded until one fails: batches grow and the queue's age drives shedding only then. */
  private volatile boolean answering;

  public CollectorClient(MoesifConfig config, Counters counters, OnceLogger onceLogger, String adapterName) {
    this.config = config;
    this.counters = counters;
    this.onceLogger = onceLogger;
    this.userAgent = "moesif-java/" + SdkVersion.VALUE + " (" + adapterName + ")";
    this.exchangeTimeoutNanos = saturatedNanos(config.connectTimeout().plus(config.requestTimeout()));
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "moesif-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              poolThreads.add(t);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            // The client's own follow-up work (parsing the answer, completing the call) runs on
            // its selector thread instead of being handed to a pool: a batch POST then costs two
            // thread switches (worker to selector and back) instead of four or more, and on a
            // busy core every switch is paid by the app's request threads too. That work never
            // blocks: bodies are discarded or collected up to a limit.
            .executor(Runnable::run)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.selector = selectorThread(http);
  }

  /**
   * The thread the JDK's client runs its selector (and, with the executor above, its follow-up
   * work) on: named {@code HttpClient-<id>-SelectorManager}, where the client's {@code toString}
   * ends with {@code (<id>)}. Null when the runtime names them otherwise: its CPU then goes
   * unmeasured.
   */
  private static @Nullable Thread selectorThread(HttpClient client) {
    String text = client.toString();
    int open = text.lastIndexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      return null;
    }
    String name = "HttpClient-" + text.substring(open + 1, text.length() - 1) + "-SelectorManager";
    try {
      ThreadGroup root = Thread.currentThread().getThreadGroup();
      while (root.getParent() != null) {
        root = root.getParent();
      }
      Thread[] all = new Thread[root.activeCount() + 64];
      int n = root.enumerate(all, true);
      for (int i = 0; i < n; i++) {
        if (all[i].getName().equals(name)) {
          return all[i];
        }
      }
    } catch (RuntimeException denied) {
      // a security manager that hides thread groups: the selector goes unmeasured
    }
    return null;
  }

  /** This client's threads now: the selector and the entity API's pool (for the CPU-share meter). */
  public List<Thread> threads() {
    poolThreads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
    List<Thread> all = new ArrayList<>(poolThreads);
    if (selector != null) {
      all.add(selector);
    }
    return all;
  }

  /** Threads for the entity API's async calls (each runs a blocking POST with retries). */
  public java.util.concurrent.Executor executor() {
    return executor;
  }

  public String userAgent() {
    return userAgent;
  }

  /** Called with the headers of every 2xx POST answer (config/rules tags ride on them). */
  public void onSuccessfulResponse(Consumer<HttpHeaders> listener) {
    this.responseListener = listener;
  }

  /** The collector address for {@code path}, parsed once per path rather than on every POST. */
  public URI uri(String path) {
    return uris.computeIfAbsent(path, p -> Urls.resolve(config.baseUri(), p));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(config.requestTimeout())
        .header("X-Moesif-Application-Id", config.applicationId())
        .header("User-Agent", userAgent);
  }

  /**
   * True once an upload attempt has succeeded and none has failed since (an error status, a
   * timeout, no connection): more parallel uploads would only add load to a collector that is
   * down, refusing, or not yet heard from.
   */
  public boolean answering() {
    return answering;
  }

  /**
   * POSTs JSON with retries.
   *
   * @param deadlineNanos give up instead of sleeping past this {@code System.nanoTime()} value
   */
  public PostResult post(String path, byte[] body, boolean gzipped, int count, long deadlineNanos)
      throws InterruptedException {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzipped) {
      builder.header("Content-Encoding", "gzip");
    }
    HttpRequest request = builder.build();
    int lastStatus = 0;
    for (int attempt = 0; ; attempt++) {
      long retryAfterMillis = -1;
      String problem;
      try {
        // discarding(): the body is consumed inside send(), which stays interruptible (close).
        HttpResponse<Void> response = exchange(request, HttpResponse.BodyHandlers.discarding(), path);
        int status = response.statusCode();
        lastStatus = status;
        // 413 is an answer too (the shipper splits the batch); any other refusal means the
        // collector is not taking events, so a backlog then says nothing about load (shedding).
        answering = (status >= 200 && status < 300) || status == 413;
        if (status >= 200 && status < 300) {
          try {
            responseListener.accept(response.headers());
          } catch (RuntimeException e) {
            onceLogger.warn("response-listener", "Moesif: could not read collector response headers", e);
          }
          return new PostResult(Outcome.SENT, status, "HTTP " + status, attempt + 1);
        }
        problem = "HTTP " + status;
        if (status == 401 || status == 403) {
          onceLogger.error(
              "auth:" + status,
              "Moesif: the collector rejected application id "
                  + config.applicationIdForLogs()
                  + " (HTTP "
                  + status
                  + "): check APPLICATION_ID; data is being dropped");
          counters.lastError("collector answered HTTP " + status + " (application id rejected)");
          return new PostResult(Outcome.FAILED, status, "HTTP " + status + ": application id rejected", attempt + 1);
        }
        if (status == 413) {
          counters.lastError("collector answered HTTP 413 for " + path + " with " + count + " items");
          return new PostResult(Outcome.TOO_LARGE, status, "HTTP 413: too large", attempt + 1);
        }
        if (status != 429 && status != 408 && status < 500) {
          onceLogger.error("status:" + status, "Moesif: the collector refused " + path + " with HTTP " + status + "; such calls are dropped");
          counters.lastError("collector answered HTTP " + status);
          return new PostResult(Outcome.FAILED, status, "HTTP " + status, attempt + 1);
        }
        retryAfterMillis = retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null));
      } catch (IOException e) {
        problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      answering = false;
      counters.lastError("upload failed: " + problem);
      if (attempt >= config.maxRetries()) {
        lossLog.lost(
            "the collector did not accept " + path + " through every retry (MAX_RETRIES)",
            count,
            what(path),
            "last: " + problem + ", " + (attempt + 1) + " attempts");
        return new PostResult(Outcome.FAILED, lastStatus, problem, attempt + 1);
      }
      long delay = backoffMillis(attempt, retryAfterMillis);
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) - deadlineNanos > 0) {
        lossLog.lost("no time was left to retry " + path + " before the shutdown deadline", count, what(path), "last: " + problem);
        return new PostResult(Outcome.FAILED, lastStatus, problem + " (no time left to retry)", attempt + 1);
      }
      counters.retries.increment();
      Thread.sleep(delay);
    }
  }

  /** "events" for event uploads, "items" for entity updates: what a loss line counts. */
  private static String what(String path) {
    return path.startsWith("/v1/events") ? "events" : "items sent to " + path;
  }

  /**
   * Events the caller gives up on for a reason of its own (the shipper's 413 handling): logged as
   * {@link LossLog} does, so every permanent loss cause is said at the default level.
   */
  public void reportLoss(String cause, int count, String detail) {
    lossLog.lost(cause, count, "events", detail);
  }

  /**
   * One exchange, bounded whole (see the class comment); interruptible, and an interrupt or the
   * bound cancels the exchange, which closes its connection.
   */
  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String path)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + exchangeTimeoutNanos;
    return http.send(request, info -> new BoundedBody<>(handler.apply(info), deadline, path));
  }

  /**
   * A body subscriber that fails its exchange once {@code deadline} has passed: looked at as each
   * part of the body arrives, and by a timer (the JDK's shared delay scheduler, cancelled when the
   * body ends) from its subscription on. Failing it cancels the subscription, which closes the
   * connection.
   */
  private final class BoundedBody<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> delegate;
    private final long deadline;
    private final String path;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile java.util.concurrent.Flow.@Nullable Subscription subscription;
    /** Completed when the body ends; fails by itself at the deadline, which fails the exchange. */
    private final CompletableFuture<Void> timer = new CompletableFuture<>();

    BoundedBody(HttpResponse.BodySubscriber<T> delegate, long deadline, String path) {
      this.delegate = delegate;
      this.deadline = deadline;
      this.path = path;
      delegate.getBody().whenComplete((value, error) -> {
        timer.complete(null);
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(value);
        }
      });
    }

    @Override
    public java.util.concurrent.CompletionStage<T> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      long left = deadline - System.nanoTime();
      if (expireIfLate(deadline - left)) {
        return;
      }
      timer.orTimeout(left, TimeUnit.NANOSECONDS).whenComplete((done, late) -> {
        if (late != null) {
          expireIfLate(System.nanoTime());
        }
      });
      delegate.onSubscribe(s);
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> items) {
      if (!expireIfLate(System.nanoTime())) {
        delegate.onNext(items);
      }
    }

    @Override
    public void onError(Throwable error) {
      delegate.onError(error);
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }

    /** Fails the exchange if its bound has passed and it is still going; true if it is over so. */
    boolean expireIfLate(long now) {
      if (now - deadline < 0) {
        return false;
      }
      if (!result.completeExceptionally(new java.net.http.HttpTimeoutException(
          "the collector's answer did not complete within " + TimeUnit.NANOSECONDS.toMillis(exchangeTimeoutNanos) + " ms"))) {
        return true; // the body ended first
      }
      onceLogger.warn(
          "exchange-timeout",
          "Moesif: the collector did not complete its answer to " + path + " within CONNECT_TIMEOUT + REQUEST_TIMEOUT ("
              + TimeUnit.NANOSECONDS.toMillis(exchangeTimeoutNanos) + " ms; a slow or trickling body counts);"
              + " such exchanges are abandoned and retried like any failed one",
          null);
      java.util.concurrent.Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      return true;
    }
  }

  private static long saturatedNanos(java.time.Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * A GET whose body is read up to {@code maxBytes}; null on any failure (callers keep what they
   * had). Interruptible throughout, so closing the SDK never waits on a slow collector.
   */
  public @Nullable Fetched get(String path, int maxBytes) throws InterruptedException {
    try {
      HttpResponse<byte[]> response =
          exchange(request(path).GET().build(), info -> new LimitedBodySubscriber(maxBytes), path);
      if (response.statusCode() / 100 != 2) {
        counters.lastError("GET " + path + " answered HTTP " + response.statusCode());
        return null;
      }
      return new Fetched(response.body(), response.headers());
    } catch (IOException e) {
      BodyTooLarge tooLarge = tooLarge(e);
      if (tooLarge != null) {
        counters.lastError("GET " + path + " refused: " + tooLarge.getMessage());
        onceLogger.warn(
            "too-large:" + path,
            "Moesif: refused the collector's answer to GET " + path + ": " + tooLarge.getMessage()
                + "; the last good copy stays in force",
            null);
        return null;
      }
      counters.lastError("GET " + path + " failed: " + e);
      return null;
    }
  }

  private static @Nullable BodyTooLarge tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLarge tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }

  /** An answer past the size a config or rule set can sensibly have. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(String message) {
      super(message);
    }
  }

  /** Collects a body up to a limit; a larger body fails the call instead of growing without bound. */
  private static final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
    private java.util.concurrent.Flow.@Nullable Subscription subscription;

    LimitedBodySubscriber(int limit) {
      this.limit = limit;
    }

    @Override
    public java.util.concurrent.CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(java.util.List<java.nio.ByteBuffer> items) {
      for (java.nio.ByteBuffer item : items) {
        if (buffer.size() + item.remaining() > limit) {
          result.completeExceptionally(new BodyTooLarge("the body is larger than " + limit + " bytes"));
          if (subscription != null) {
            subscription.cancel();
          }
          return;
        }
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        buffer.writeBytes(bytes);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }

  /** A fetched body and its headers. */
  public record Fetched(byte[] body, HttpHeaders headers) {}

  long backoffMillis(int attempt, long retryAfterMillis) {
    long max = config.retryMaxDelay().toMillis();
    if (retryAfterMillis >= 0) {
      return Math.min(max, retryAfterMillis);
    }
    long base = config.retryBaseDelay().toMillis();
    long exp = Math.min(max, base << Math.min(attempt, 20));
    // Equal jitter: half fixed, half random, so workers that failed together retry apart.
    return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
  }

  /** Retry-After as delta-seconds or an HTTP-date; -1 when absent or unreadable. */
  static long retryAfterMillis(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? -1 : Math.min(seconds, 86_400) * 1000;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, when.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (RuntimeException notDate) {
        return -1;
      }
    }
  }

  /** Stops the HTTP threads. Java 21+ clients are AutoCloseable; on 17 the selector ends once unreachable. */
  public void close() {
    executor.shutdownNow();
    Object client = http;
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("Moesif: closing the HTTP client failed", e);
      }
    }
  }
}
