package com.moesif.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.clients.Loopback;
import com.moesif.core.testkit.TargetServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OkHttp specifics the shared suite does not cover: streaming, early close, one-shot bodies, fail-open. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MoesifInterceptorTest {
  private final Loopback loopback = new Loopback();
  private final OkHttpClient client =
      new OkHttpClient.Builder().addInterceptor(new MoesifInterceptor(loopback.moesif)).build();

  @AfterEach
  void close() throws InterruptedException {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    client.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
    loopback.close();
  }

  private Request get(String path) {
    return new Request.Builder().url(loopback.target.uri(path).toString()).build();
  }

  @Test
  void streamedBodiesReachTheCallerAsTheyArriveAndAreCapturedWhole() throws Exception {
    try (Response response = client.newCall(get("/stream?chunks=3&gated=1")).execute()) {
      assertThat(loopback.target.whileTheStreamIsHeld(() -> response.body().source().readUtf8Line())).isEqualTo("data: 0");
      assertThat(response.body().source().readUtf8()).isEqualTo("\ndata: 1\n\ndata: 2\n\n");
    }
    JsonNode event = loopback.onlyEvent();
    assertThat(Loopback.decoded(event.at("/response/body"))).isEqualTo(TargetServer.streamBody(3));
  }

  @Test
  void aBodyClosedEarlyEndsTheEventWithWhatWasRead() throws IOException {
    try (Response response = client.newCall(get("/stream?chunks=3&ms=1500")).execute()) {
      assertThat(response.body().source().readUtf8Line()).isEqualTo("data: 0");
    }
    JsonNode event = loopback.onlyEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(Loopback.decoded(event.at("/response/body"))).startsWith("data: 0").doesNotContain("data: 1");
  }

  @Test
  void oneShotBodiesAreSentOnceAndNotCaptured() throws IOException {
    AtomicInteger writes = new AtomicInteger();
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("application/json");
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        writes.incrementAndGet();
        sink.writeUtf8("{\"once\":true}");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
    Request request = new Request.Builder().url(loopback.target.uri("/echo").toString()).post(oneShot).build();

    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("{\"once\":true}");
    }

    assertThat(writes).hasValue(1);
    JsonNode event = loopback.onlyEvent();
    assertThat(event.at("/request/body").isMissingNode()).isTrue();
    assertThat(event.at("/response/body/once").asBoolean()).isTrue();
  }

  @Test
  void aRequestBodyThatFailsOnlyForTheCopyDoesNotFailTheCall() throws IOException {
    AtomicInteger writes = new AtomicInteger();
    RequestBody flaky = new RequestBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        if (writes.incrementAndGet() == 1) {
          throw new IllegalStateException("first write fails");
        }
        sink.writeString("sent", StandardCharsets.UTF_8);
      }
    };
    Request request = new Request.Builder().url(loopback.target.uri("/echo").toString()).post(flaky).build();

    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("sent");
    }

    JsonNode event = loopback.onlyEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(loopback.moesif.stats().internalErrors()).isEqualTo(1);
  }
}
