package com.moesif.jdkhttp.internal;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpClient} decorator behind {@code MoesifJdkHttpClient.wrap}. Every method delegates;
 * the three send methods capture. Compiled for Java 17, it also declares the lifecycle methods
 * Java 21 added ({@code close}, {@code shutdown}, {@code shutdownNow}, {@code awaitTermination},
 * {@code isTerminated}): on 21+ they override {@code HttpClient}'s and reach the wrapped client
 * through method handles, so closing the wrapper closes the client.
 */
public final class TeeHttpClient extends HttpClient {
  private static final @Nullable MethodHandle CLOSE = lifecycle("close", MethodType.methodType(void.class));
  private static final @Nullable MethodHandle SHUTDOWN = lifecycle("shutdown", MethodType.methodType(void.class));
  private static final @Nullable MethodHandle SHUTDOWN_NOW = lifecycle("shutdownNow", MethodType.methodType(void.class));
  private static final @Nullable MethodHandle IS_TERMINATED =
      lifecycle("isTerminated", MethodType.methodType(boolean.class));
  private static final @Nullable MethodHandle AWAIT_TERMINATION =
      lifecycle("awaitTermination", MethodType.methodType(boolean.class, Duration.class));

  private final HttpClient delegate;
  private final CaptureEngine engine;

  public TeeHttpClient(HttpClient delegate, CaptureEngine engine) {
    this.delegate = delegate;
    this.engine = engine;
  }

  /** The wrapped client. */
  public HttpClient delegate() {
    return delegate;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Prepared<T> prepared = prepare(request, handler);
    if (prepared == null) {
      return delegate.send(request, handler);
    }
    try {
      return delegate.send(prepared.request, prepared.handler);
    } catch (Throwable t) {
      prepared.call.fail(t);
      throw t;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Prepared<T> prepared = prepare(request, handler);
    if (prepared == null) {
      return delegate.sendAsync(request, handler);
    }
    try {
      return watch(delegate.sendAsync(prepared.request, prepared.handler), prepared.call);
    } catch (Throwable t) {
      prepared.call.fail(t);
      throw t;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
    Prepared<T> prepared = prepare(request, handler);
    if (prepared == null) {
      return delegate.sendAsync(request, handler, pushPromiseHandler);
    }
    try {
      return watch(delegate.sendAsync(prepared.request, prepared.handler, pushPromiseHandler), prepared.call);
    } catch (Throwable t) {
      prepared.call.fail(t);
      throw t;
    }
  }

  /**
   * Counts an exceptional completion (connection refused, timeout, cancellation) before the caller
   * hears of it: the caller gets a future completed after the count, whose {@code cancel} also
   * cancels the client's own future (and so the exchange), as cancelling that one would.
   */
  private static <R> CompletableFuture<R> watch(CompletableFuture<R> future, OutgoingCall call) {
    CompletableFuture<R> result =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            // This one first: the client's future completes (and notifies us) synchronously when
            // cancelled, which would otherwise complete this one with that exception instead.
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            future.cancel(mayInterruptIfRunning);
            return cancelled;
          }
        };
    future.whenComplete(
        (response, error) -> {
          if (error == null) {
            result.complete(response);
          } else {
            call.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            result.completeExceptionally(error); // as stored: get/join/isCancelled behave as the client's
          }
        });
    return result;
  }

  private record Prepared<T>(OutgoingCall call, HttpRequest request, HttpResponse.BodyHandler<T> handler) {}

  /** The request and handler to send instead, or null to pass the call through untouched. */
  private <T> @Nullable Prepared<T> prepare(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    if (request == null || handler == null) {
      return null; // let the client throw its own NullPointerException
    }
    OutgoingCall call = OutgoingCall.start(engine, new JdkRequestView(request), "jdk-http-start");
    if (call == null) {
      return null;
    }
    try {
      String transactionId = call.transactionId();
      Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
      boolean teeBody = publisher.isPresent() && call.requestBody().isEnabled();
      HttpRequest outgoing = request;
      if (transactionId != null || teeBody) {
        // Copies method, URI, headers, body publisher, timeout, version and expect-continue.
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
        if (transactionId != null) {
          builder.setHeader(Exchange.TRANSACTION_ID_HEADER, transactionId);
        }
        if (teeBody) {
          builder.method(request.method(), new TeeBodyPublisher(publisher.get(), call));
        }
        outgoing = builder.build();
      }
      return new Prepared<>(call, outgoing, new TeeBodyHandler<>(handler, call));
    } catch (Throwable t) {
      call.adapterError("jdk-http-prepare", t);
      return null;
    }
  }

  // ---- plain delegation -----------------------------------------------------------------------

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  @Override
  public String toString() {
    return "MoesifJdkHttpClient(" + delegate + ")";
  }

  // ---- Java 21+ lifecycle, delegated when the running JDK has it --------------------------------

  /** Java 21+: closes the wrapped client. A no-op on older JDKs, where clients have no close. */
  public void close() {
    invoke(CLOSE);
  }

  /** Java 21+: shuts the wrapped client down. */
  public void shutdown() {
    invoke(SHUTDOWN);
  }

  /** Java 21+: shuts the wrapped client down now. */
  public void shutdownNow() {
    invoke(SHUTDOWN_NOW);
  }

  /** Java 21+: whether the wrapped client has terminated; false on older JDKs. */
  public boolean isTerminated() {
    Object result = invoke(IS_TERMINATED);
    return result instanceof Boolean b && b;
  }

  /** Java 21+: waits for the wrapped client to terminate; false on older JDKs. */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    if (AWAIT_TERMINATION == null) {
      return false;
    }
    try {
      return (boolean) AWAIT_TERMINATION.invoke(delegate, duration);
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private @Nullable Object invoke(@Nullable MethodHandle handle) {
    if (handle == null) {
      return null;
    }
    try {
      return handle.invoke(delegate);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static @Nullable MethodHandle lifecycle(String name, MethodType type) {
    try {
      return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
    } catch (NoSuchMethodException | IllegalAccessException absentBefore21) {
      return null;
    }
  }
}
