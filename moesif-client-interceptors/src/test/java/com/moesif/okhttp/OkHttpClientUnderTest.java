package com.moesif.okhttp;

import com.moesif.core.testkit.AbstractClientSuite.ClientUnderTest;
import com.moesif.core.testkit.AbstractClientSuite.Request;
import com.moesif.core.testkit.AbstractClientSuite.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/** The suite's client over OkHttp: {@code execute()} and {@code enqueue()}. */
final class OkHttpClientUnderTest implements ClientUnderTest {
  private final OkHttpClient client;

  OkHttpClientUnderTest(OkHttpClient.Builder builder, Duration readTimeout) {
    this.client = builder.readTimeout(readTimeout).build();
  }

  private okhttp3.Request request(Request request) {
    okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(request.uri().toString());
    request.headers().forEach(builder::header);
    RequestBody body =
        request.body() == null ? null : RequestBody.create(request.body(), MediaType.parse(request.contentType()));
    return builder.method(request.method(), body).build();
  }

  private static Response read(okhttp3.Response response) throws IOException {
    try (response) {
      return new Response(response.code(), response.headers().toMultimap(), response.body().bytes());
    }
  }

  @Override
  public Response execute(Request request) throws IOException {
    return read(client.newCall(request(request)).execute());
  }

  @Override
  public CompletableFuture<Response> executeAsync(Request request) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    client.newCall(request(request)).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, okhttp3.Response response) {
        try {
          result.complete(read(response));
        } catch (IOException e) {
          result.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    try {
      client.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
