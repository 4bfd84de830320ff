package com.moesif.jdkhttp;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite.ClientUnderTest;
import com.moesif.core.testkit.AbstractClientSuite.Request;
import com.moesif.core.testkit.AbstractClientSuite.Response;
import com.moesif.jdkhttp.internal.TeeHttpClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The suite's client over a wrapped {@link HttpClient}, calling one of {@code send}, {@code
 * sendAsync(request, handler)} or {@code sendAsync(request, handler, pushPromiseHandler)} for
 * every call. The client runs on an executor this class owns, so closing it stops its threads
 * (Java 17's HttpClient has no close of its own).
 */
final class JdkClientUnderTest implements ClientUnderTest {
  enum Mode { SEND, SEND_ASYNC, SEND_ASYNC_WITH_PUSH_PROMISES }

  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jdk-http-test");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client;
  private final Mode mode;
  private final Duration readTimeout;

  JdkClientUnderTest(Moesif moesif, Duration readTimeout, Mode mode) {
    this.client =
        MoesifJdkHttpClient.wrap(
            HttpClient.newBuilder()
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build(),
            moesif);
    this.mode = mode;
    this.readTimeout = readTimeout;
  }

  private HttpRequest request(Request request) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(readTimeout);
    request.headers().forEach(builder::header);
    if (request.body() == null) {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", request.contentType());
      builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    }
    return builder.build();
  }

  private static Response response(HttpResponse<byte[]> response) {
    return new Response(response.statusCode(), response.headers().map(), response.body());
  }

  @Override
  public Response execute(Request request) throws Exception {
    if (mode == Mode.SEND) {
      return response(client.send(request(request), HttpResponse.BodyHandlers.ofByteArray()));
    }
    try {
      return executeAsync(request).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public CompletableFuture<Response> executeAsync(Request request) {
    HttpRequest httpRequest = request(request);
    if (mode == Mode.SEND_ASYNC_WITH_PUSH_PROMISES) {
      HttpResponse.PushPromiseHandler<byte[]> ignorePushes = (initiating, pushed, acceptor) -> {};
      return client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray(), ignorePushes)
          .thenApply(JdkClientUnderTest::response);
    }
    return client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray()).thenApply(JdkClientUnderTest::response);
  }

  @Override
  public void close() {
    ((TeeHttpClient) client).close(); // Java 21+: closes the wrapped client; a no-op on 17
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
