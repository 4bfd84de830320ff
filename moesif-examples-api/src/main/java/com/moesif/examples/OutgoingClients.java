package com.moesif.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.moesif.core.Moesif;
import com.moesif.httpclient5.MoesifHttpClient5;
import com.moesif.jdkhttp.MoesifJdkHttpClient;
import com.moesif.okhttp.MoesifInterceptor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The clients behind {@code GET /outgoing}: one of each HTTP client the SDK captures (OkHttp,
 * {@code java.net.http}, Apache HttpClient 5), each registered with the SDK the server's incoming
 * adapter uses, as an application would share it. The route calls {@link ExampleApi#OUTGOING_TARGET}
 * through every one of them, so each client shows up as an Outgoing event of its own. One instance
 * per server: each client owns a connection pool.
 */
public final class OutgoingClients {
  /** The clients, by the name each answer of {@code GET /outgoing} gives, in the order it calls them. */
  static final List<String> NAMES = List.of("okhttp", "java.net.http", "httpclient5");

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<Client> clients;

  private OutgoingClients(List<Client> clients) {
    this.clients = clients;
  }

  /**
   * The three clients, registered with {@code moesif} when there is one (they capture only when
   * {@code captureOutgoingRequests} is on), plain otherwise.
   */
  public static OutgoingClients create(@Nullable Moesif moesif) {
    OkHttpClient.Builder okhttp =
        new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT)
            .callTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (moesif != null) {
      okhttp.addInterceptor(new MoesifInterceptor(moesif));
    }
    // HTTP/1.1 only: the JDK client's default would add h2c upgrade headers to every captured request.
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    HttpClientBuilder apache =
        HttpClients.custom()
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(CALL_TIMEOUT)).build());
    if (moesif != null) {
      apache = MoesifHttpClient5.addTo(apache, moesif);
    }
    return new OutgoingClients(
        List.of(
            okhttp(okhttp.build()),
            jdk(moesif == null ? jdk : MoesifJdkHttpClient.wrap(jdk, moesif)),
            apache(apache.build())));
  }

  /**
   * {@code GET /outgoing}: calls {@link ExampleApi#OUTGOING_TARGET} on {@code 127.0.0.1:port}
   * through each client in turn and describes the answers as JSON: {@code called}, then per client
   * its {@code client} name, {@code status} and {@code body}.
   *
   * @throws IOException when a call fails (the route then answers 502)
   */
  public byte[] callAll(int port) throws IOException, InterruptedException {
    URI target = URI.create("http://127.0.0.1:" + port + ExampleApi.OUTGOING_TARGET);
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("called", "GET " + target);
    ArrayNode answers = answer.putArray("answers");
    for (Client client : clients) {
      Answer got = client.get(target);
      answers.addObject().put("client", client.name()).put("status", got.status()).put("body", got.body());
    }
    return answer.toString().getBytes(StandardCharsets.UTF_8);
  }

  private record Answer(int status, String body) {}

  private interface Call {
    Answer get(URI target) throws IOException, InterruptedException;
  }

  private record Client(String name, Call call) {
    Answer get(URI target) throws IOException, InterruptedException {
      return call.get(target);
    }
  }

  private static Client okhttp(OkHttpClient client) {
    return new Client(NAMES.get(0), target -> {
      try (okhttp3.Response response = client.newCall(new Request.Builder().url(target.toString()).get().build()).execute()) {
        return new Answer(response.code(), response.body().string());
      }
    });
  }

  private static Client jdk(HttpClient client) {
    return new Client(NAMES.get(1), target -> {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(target).timeout(CALL_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    });
  }

  private static Client apache(CloseableHttpClient client) {
    return new Client(NAMES.get(2), target ->
        client.execute(
            new HttpGet(target),
            response -> new Answer(
                response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8))));
  }
}
