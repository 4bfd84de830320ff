package com.moesif.jaxrs;

import com.moesif.core.testkit.AbstractClientSuite.ClientUnderTest;
import com.moesif.core.testkit.AbstractClientSuite.Request;
import com.moesif.core.testkit.AbstractClientSuite.Response;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The suite's client over the Jakarta REST client API (Jersey's implementation, its default
 * connector): {@code Invocation.Builder.method(..)}, and {@code rx()} for the asynchronous API.
 */
final class JaxRsClientUnderTest implements ClientUnderTest {
  static {
    QuietJul.apply();
  }

  private final Client client;

  JaxRsClientUnderTest(Duration readTimeout, Object... providers) {
    ClientBuilder builder =
        ClientBuilder.newBuilder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    for (Object provider : providers) {
      builder.register(provider);
    }
    this.client = builder.build();
  }

  private Invocation.Builder builder(Request request) {
    Invocation.Builder builder = client.target(request.uri()).request();
    request.headers().forEach(builder::header);
    return builder;
  }

  private static Entity<byte[]> entity(Request request) {
    return Entity.entity(request.body(), request.contentType());
  }

  /** Reads the whole entity and closes the response, as callers of the API do. */
  private static Response read(jakarta.ws.rs.core.Response response) {
    try (response) {
      byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
      return new Response(response.getStatus(), response.getStringHeaders(), body);
    }
  }

  @Override
  public Response execute(Request request) {
    Invocation.Builder builder = builder(request);
    return read(request.body() == null
        ? builder.method(request.method())
        : builder.method(request.method(), entity(request)));
  }

  @Override
  public CompletableFuture<Response> executeAsync(Request request) {
    Invocation.Builder builder = builder(request);
    return (request.body() == null
            ? builder.rx().method(request.method())
            : builder.rx().method(request.method(), entity(request)))
        .thenApply(JaxRsClientUnderTest::read)
        .toCompletableFuture()
        .exceptionallyCompose(t -> CompletableFuture.failedFuture(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t));
  }

  /** The client to use directly in feature-specific tests. */
  Client client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
