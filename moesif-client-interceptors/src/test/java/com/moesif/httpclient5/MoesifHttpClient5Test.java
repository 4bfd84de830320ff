package com.moesif.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.clients.Loopback;
import com.moesif.core.testkit.TargetServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Apache HttpClient 5 specifics: streamed responses, streaming request entities, the caller's request untouched. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MoesifHttpClient5Test {
  private final Loopback loopback = new Loopback();
  private final CloseableHttpClient client = MoesifHttpClient5.addTo(HttpClients.custom(), loopback.moesif).build();

  @AfterEach
  void close() throws Exception {
    client.close();
    loopback.close();
  }

  @Test
  void streamedBodiesReachTheCallerAsTheyArriveAndAreCapturedWhole() throws Exception {
    HttpGet get = new HttpGet(loopback.target.uri("/stream?chunks=3&gated=1"));
    try (ClassicHttpResponse response = client.executeOpen(HttpHost.create(get.getUri()), get, null);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8))) {
      assertThat(loopback.target.whileTheStreamIsHeld(() -> reader.readLine())).isEqualTo("data: 0");
      assertThat(reader.lines().toList()).containsExactly("", "data: 1", "", "data: 2", "");
    }
    JsonNode event = loopback.onlyEvent();
    assertThat(Loopback.decoded(event.at("/response/body"))).isEqualTo(TargetServer.streamBody(3));
  }

  @Test
  void streamingRequestEntitiesAreTeedAsWrittenAndTheCallersRequestIsUntouched() throws Exception {
    byte[] body = "{\"streamed\":true}".getBytes(StandardCharsets.UTF_8);
    HttpPost post = new HttpPost(loopback.target.uri("/echo"));
    InputStreamEntity entity = new InputStreamEntity(new ByteArrayInputStream(body), -1, ContentType.APPLICATION_JSON);
    post.setEntity(entity);

    String echoed = client.execute(post, response -> EntityUtils.toString(response.getEntity()));

    assertThat(echoed).isEqualTo("{\"streamed\":true}");
    assertThat(post.getEntity()).isSameAs(entity);
    assertThat(post.containsHeader("X-Moesif-Transaction-Id")).isFalse();
    JsonNode event = loopback.onlyEvent();
    assertThat(event.at("/request/body/streamed").asBoolean()).isTrue();
    assertThat(event.at("/response/body/streamed").asBoolean()).isTrue();
  }
}
