package com.moesif.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.clients.Loopback;
import com.moesif.core.testkit.TargetServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java.net.http} specifics: streaming handlers, early close, delegation of every method. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MoesifJdkHttpClientTest {
  private final Loopback loopback = new Loopback();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jdk-http-test");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient delegate =
      HttpClient.newBuilder()
          .executor(executor)
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final HttpClient client = MoesifJdkHttpClient.wrap(delegate, loopback.moesif);

  @AfterEach
  void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    loopback.close();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(loopback.target.uri(path)).build();
  }

  @Test
  void streamedBodiesReachTheCallerAsTheyArriveAndAreCapturedWhole() throws Exception {
    HttpResponse<InputStream> response = client.send(get("/stream?chunks=3&gated=1"), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(loopback.target.whileTheStreamIsHeld(reader::readLine)).isEqualTo("data: 0");
      assertThat(reader.lines().toList()).containsExactly("", "data: 1", "", "data: 2", "");
    }
    JsonNode event = loopback.onlyEvent();
    assertThat(Loopback.decoded(event.at("/response/body"))).isEqualTo(TargetServer.streamBody(3));
  }

  @Test
  void aStreamClosedEarlyEndsTheEventWithWhatWasRead() throws Exception {
    HttpResponse<InputStream> response = client.send(get("/stream?chunks=3&ms=1500"), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      byte[] first = new byte[9];
      assertThat(body.readNBytes(first, 0, first.length)).isEqualTo(9);
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: 0\n\n");
    }
    JsonNode event = loopback.onlyEvent();
    assertThat(Loopback.decoded(event.at("/response/body"))).isEqualTo("data: 0\n\n");
  }

  @Test
  void cancellingTheFutureCountsTheCallWithoutAnEvent() {
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(get("/slow?ms=5000"), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> !loopback.target.received("/slow").isEmpty());

    assertThat(future.cancel(true)).isTrue();

    assertThat(future).isCancelled();
    await().atMost(Duration.ofSeconds(5)).until(() -> loopback.moesif.stats().outgoingFailures() == 1);
    assertThat(loopback.moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(loopback.collector.events()).isEmpty();
    assertThat(loopback.moesif.stats().captured()).isZero();
  }

  @Test
  void everyClientPropertyIsTheWrappedClients() {
    assertThat(client.version()).isEqualTo(delegate.version());
    assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
    assertThat(client.connectTimeout()).isEqualTo(delegate.connectTimeout());
    assertThat(client.executor()).isEqualTo(delegate.executor());
    assertThat(client.proxy()).isEqualTo(delegate.proxy());
    assertThat(client.cookieHandler()).isEqualTo(delegate.cookieHandler());
    assertThat(client.authenticator()).isEqualTo(delegate.authenticator());
    SSLContext ssl = delegate.sslContext();
    assertThat(client.sslContext()).isSameAs(ssl);
    assertThat(client.sslParameters().getProtocols()).isEqualTo(delegate.sslParameters().getProtocols());
    assertThat(client.newWebSocketBuilder()).isNotNull();
    assertThat(MoesifJdkHttpClient.wrap(client, loopback.moesif)).as("wrapping twice").isSameAs(client);
  }

  @Test
  void closeReachesTheWrappedClientOnJava21AndLater() throws Exception {
    assumeThat(Runtime.version().feature()).as("HttpClient.close exists from Java 21").isGreaterThanOrEqualTo(21);
    Method isTerminated = HttpClient.class.getMethod("isTerminated");
    client.send(get("/json"), HttpResponse.BodyHandlers.discarding());

    ((AutoCloseable) client).close();

    assertThat((Boolean) isTerminated.invoke(delegate)).isTrue();
    assertThat((Boolean) isTerminated.invoke(client)).isTrue();
  }
}
