package com.moesif.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.SdkFixture;
import com.moesif.core.testkit.ServerHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import spark.Service;

/**
 * What is particular to Spark: {@code halt} in filters and routes, {@code exception(...)} mappers,
 * Spark's own 404 and 500 pages, redirects, route templates for hooks, double registration, bodies
 * the route never reads or reads twice, streaming through the raw response, clients that go away
 * mid-stream, and {@code response.raw().reset()}.
 */
class MoesifSparkTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension final SdkFixture fixture = new SdkFixture("spark-test-app");
  private CollectorDouble collector;
  private @Nullable Moesif moesif;

  @BeforeEach
  void useFixture() {
    collector = fixture.collector();
  }

  private Moesif moesif(UnaryOperator<MoesifConfig.Builder> customize) {
    moesif = fixture.moesif(customize);
    return moesif;
  }

  /** Moesif registered first, then {@code routes}. */
  private ServerHandle serve(Moesif sdk, Consumer<Service> routes) throws Exception {
    ServerHandle server = TestSpark.start(http -> {
      MoesifSpark.register(http, sdk);
      routes.accept(http);
    });
    fixture.closeAfterwards(server);
    return server;
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest.Builder get(ServerHandle server, String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUri() + path));
  }

  private static HttpRequest.Builder post(ServerHandle server, String path, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The one event the test caused; no other arrives (the SDK is flushed first). */
  private JsonNode singleEvent() {
    collector.awaitEvents(1);
    assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
    assertEventCountStays(1);
    return collector.events().get(0);
  }

  private void assertEventCountStays(int count) {
    await("exactly " + count + " events for 300 ms")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> collector.events().size() == count);
  }

  private static byte[] base64Body(JsonNode part) {
    assertThat(part.path("transfer_encoding").asText()).as("transfer_encoding").isEqualTo("base64");
    return Base64.getDecoder().decode(part.get("body").asText());
  }

  private static @Nullable String header(JsonNode part, String name) {
    for (Map.Entry<String, JsonNode> field : part.path("headers").properties()) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ halt, exceptions, Spark's pages

  @Test
  void haltInALaterBeforeFilterIsCapturedWithItsStatusAndBody() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http -> {
      http.before("/admin/*", (req, res) -> {
        res.type("application/json");
        throw http.halt(401, "{\"error\":\"unauthorized\"}");
      });
      http.get("/admin/users", (req, res) -> "never");
    });

    HttpResponse<byte[]> response = send(get(server, "/admin/users"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(text(response)).isEqualTo("{\"error\":\"unauthorized\"}");
    String id = response.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow();
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(401);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"unauthorized\"}"));
    assertThat(event.get("transaction_id").asText()).isEqualTo(id);
  }

  @Test
  void haltInARouteWithoutABodyIsCapturedWithItsStatus() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.delete("/items/:id", (req, res) -> {
          throw http.halt(403);
        }));

    HttpResponse<byte[]> response = send(get(server, "/items/7").DELETE());

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode event = singleEvent();
    assertThat(event.at("/request/verb").asText()).isEqualTo("DELETE");
    assertThat(event.at("/response/status").asInt()).isEqualTo(403);
    assertThat(event.get("response").has("body")).isFalse();
  }

  @Test
  void exceptionMappedByTheApplicationIsCapturedWithTheMappersStatusAndBody() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http -> {
      http.get("/orders/:id", (req, res) -> {
        throw new IllegalArgumentException("no order " + req.params(":id"));
      });
      http.exception(IllegalArgumentException.class, (e, req, res) -> {
        res.status(422);
        res.type("application/json");
        res.body("{\"error\":\"" + e.getMessage() + "\"}");
      });
    });

    HttpResponse<byte[]> response = send(get(server, "/orders/42"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(text(response)).isEqualTo("{\"error\":\"no order 42\"}");
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(422);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"no order 42\"}"));
    assertThat(header(event.get("response"), "Content-Type")).startsWith("application/json");
  }

  @Test
  void unmappedExceptionIsCapturedAs500WithSparksErrorPage() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.get("/boom", (req, res) -> {
          throw new IllegalStateException("unmapped");
        }));

    HttpResponse<byte[]> response = send(get(server, "/boom"));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(text(response)).contains("500 Internal Server Error");
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(500);
    assertThat(base64Body(event.get("response"))).isEqualTo(response.body());
    assertThat(header(event.get("response"), "Content-Type")).startsWith("text/html");
  }

  @Test
  void unmatchedPathIsCapturedAs404WithSparksNotFoundPage() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http -> http.get("/hello", (req, res) -> "hi"));

    HttpResponse<byte[]> response = send(get(server, "/nowhere?x=1"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(text(response)).contains("404 Not found");
    JsonNode event = singleEvent();
    assertThat(event.at("/request/uri").asText()).isEqualTo(server.baseUri() + "/nowhere?x=1");
    assertThat(event.at("/response/status").asInt()).isEqualTo(404);
    assertThat(base64Body(event.get("response"))).isEqualTo(response.body());
  }

  @Test
  void redirectIsCapturedWithItsStatusAndLocation() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.get("/old", (req, res) -> {
          res.redirect("/new");
          return null;
        }));

    HttpResponse<byte[]> response = send(get(server, "/old"));

    assertThat(response.statusCode()).isEqualTo(302);
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(302);
    assertThat(header(event.get("response"), "Location")).endsWith("/new");
  }

  @Test
  void sendErrorIsCapturedWithItsStatus() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.get("/teapot", (req, res) -> {
          res.raw().sendError(418, "short and stout");
          return "";
        }));

    HttpResponse<byte[]> response = send(get(server, "/teapot"));

    assertThat(response.statusCode()).isEqualTo(418);
    JsonNode event = singleEvent();
    assertThat(event.at("/response/status").asInt()).isEqualTo(418);
    // Jetty renders its error page into the connection's buffer itself, past the output chain.
    assertThat(text(response)).contains("short and stout");
    assertThat(event.get("response").has("body")).isFalse();
  }

  // ------------------------------------------------------------------ route templates

  @ParameterizedTest
  @CsvSource({
    "GET, /users/u-1, /users/:id",
    "HEAD, /users/u-1, /users/:id", // Spark serves HEAD with the GET route
    "GET, /api/v2/items/9/parts/3, /api/v2/items/:item/parts/:part", // inside path(...) groups
    "POST, /users/u-1, null", // no POST route: Spark's 404
    "GET, /files/a/b/c.txt, /files/*",
  })
  void routeTemplateIsWhatSparkMatched(String method, String path, String expected) throws Exception {
    ServerHandle server = serve(
        moesif(b -> b.metadata((req, res) -> Map.of("route", String.valueOf(req.route())))),
        http -> {
          http.get("/users/:id", (req, res) -> "user");
          http.path("/api", () -> http.path("/v2", () ->
              http.get("/items/:item/parts/:part", (req, res) -> "part")));
          http.get("/files/*", (req, res) -> "file");
        });

    send(get(server, path).method(method, HttpRequest.BodyPublishers.noBody()));

    assertThat(singleEvent().at("/metadata/route").asText()).isEqualTo(expected);
  }

  // ------------------------------------------------------------------ registration

  @Test
  void registeringTwiceCapturesEachCallOnce() throws Exception {
    Moesif sdk = moesif(UnaryOperator.identity());
    ServerHandle server = serve(sdk, http -> {
      MoesifSpark.register(http, sdk);
      http.get("/hello", (req, res) -> "hi");
    });

    HttpResponse<byte[]> response = send(get(server, "/hello"));

    assertThat(text(response)).isEqualTo("hi");
    assertThat(response.headers().allValues("X-Moesif-Transaction-Id")).hasSize(1);
    assertThat(base64Body(singleEvent().get("response"))).asString(StandardCharsets.UTF_8).isEqualTo("hi");
  }

  @Test
  void disabledSdkPassesEverythingThrough() throws Exception {
    ServerHandle server = serve(moesif(b -> b.enabled(false)), http -> http.get("/hello", (req, res) -> "hi"));

    HttpResponse<byte[]> response = send(get(server, "/hello"));

    assertThat(text(response)).isEqualTo("hi");
    assertThat(response.headers().firstValue("X-Moesif-Transaction-Id")).isEmpty();
    assertEventCountStays(0);
  }

  // ------------------------------------------------------------------ request bodies

  @Test
  void bodyTheRouteNeverReadsIsNotReadByMoesifEither() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.post("/ignore", (req, res) -> "ignored"));

    HttpResponse<byte[]> response = send(post(server, "/ignore", "application/json", "{\"big\":\"" + "x".repeat(20_000) + "\"}"));

    assertThat(text(response)).isEqualTo("ignored");
    JsonNode event = singleEvent();
    assertThat(event.get("request").has("body")).isFalse();
    assertThat(base64Body(event.get("response"))).asString(StandardCharsets.UTF_8).isEqualTo("ignored");
  }

  @Test
  void bodyReadByAFilterAndTheRouteIsCapturedOnce() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http -> {
      http.before("/orders", (req, res) -> req.attribute("size", req.body().length()));
      http.post("/orders", (req, res) -> {
        res.type("application/json");
        return "{\"size\":" + req.attribute("size") + ",\"again\":" + req.bodyAsBytes().length + "}";
      });
    });
    String json = "{\"item\":\"widget\",\"qty\":3}";

    HttpResponse<byte[]> response = send(post(server, "/orders", "application/json", json));

    assertThat(text(response)).isEqualTo("{\"size\":" + json.length() + ",\"again\":" + json.length() + "}");
    assertThat(singleEvent().at("/request/body")).isEqualTo(MAPPER.readTree(json));
  }

  @Test
  void chunkedBodyWhichSparkDoesNotCacheIsCapturedAsRead() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.post("/upload", (req, res) -> {
          res.type("text/plain");
          return "got " + req.bodyAsBytes().length;
        }));
    byte[] body = "line of an upload\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    // ofInputStream has no known length: the client sends Transfer-Encoding: chunked.
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/upload"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

    assertThat(text(response)).isEqualTo("got " + body.length);
    JsonNode event = singleEvent();
    assertThat(header(event.get("request"), "Transfer-Encoding")).isEqualTo("chunked");
    assertThat(base64Body(event.get("request"))).isEqualTo(body);
  }

  // ------------------------------------------------------------------ streaming through the raw response

  @Test
  void inputStreamResultIsCapturedAsSparkCopiesIt() throws Exception {
    byte[] report = "a,b,c\n1,2,3\n".repeat(50).getBytes(StandardCharsets.US_ASCII);
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.get("/report", (req, res) -> {
          res.type("text/csv");
          return new java.io.ByteArrayInputStream(report);
        }));

    HttpResponse<byte[]> response = send(get(server, "/report"));

    assertThat(response.body()).isEqualTo(report);
    assertThat(base64Body(singleEvent().get("response"))).isEqualTo(report);
  }

  @Test
  void rawStreamOverTheLimitIsCountedNotKept() throws Exception {
    ServerHandle server = serve(moesif(b -> b.responseMaxBodySize(5000)), http ->
        http.get("/export", (req, res) -> {
          res.type("text/csv");
          OutputStream out = res.raw().getOutputStream();
          byte[] line = ("row," + "v".repeat(995) + "\n").getBytes(StandardCharsets.US_ASCII); // 1000 bytes
          for (int i = 0; i < 100; i++) {
            out.write(line);
            if (i % 10 == 9) {
              out.flush();
            }
          }
          return "";
        }));

    HttpResponse<byte[]> response = send(get(server, "/export"));

    assertThat(response.body()).hasSize(100_000);
    JsonNode event = singleEvent();
    assertThat(event.at("/response/body/msg").asText())
        .isEqualTo("body of 100000 bytes exceeds the capture limit of 5000 bytes");
  }

  @Test
  void clientThatGoesAwayMidStreamStillYieldsOneEvent() throws Exception {
    ServerHandle server = serve(moesif(b -> b.responseMaxBodySize(64)), http ->
        http.get("/endless", (req, res) -> {
          res.type("text/plain");
          OutputStream out = res.raw().getOutputStream();
          byte[] chunk = "0123456789abcdef".repeat(512).getBytes(StandardCharsets.US_ASCII); // 8 KiB
          try {
            for (int i = 0; i < 5_000; i++) { // at most 40 MB, at most ~25 s
              out.write(chunk);
              out.flush();
              Thread.sleep(5);
            }
          } catch (IOException clientGone) {
            // what a streaming route sees when the client leaves
          }
          return "";
        }));

    try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
      String head = "GET /endless HTTP/1.1\r\nHost: " + server.baseUri().getAuthority() + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(in.readNBytes(20_000)).hasSize(20_000); // the stream is flowing
    } // and the client leaves

    // Well before the route would have finished on its own: the failed write ended the call.
    JsonNode event = singleEvent();
    assertThat(event.at("/request/uri").asText()).isEqualTo(server.baseUri() + "/endless");
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.at("/response/body/msg").asText()).startsWith("body of ").endsWith("the capture limit of 64 bytes");
  }

  // ------------------------------------------------------------------ response plumbing

  @Test
  void transactionIdSurvivesAResetOfTheRawResponse() throws Exception {
    ServerHandle server = serve(moesif(UnaryOperator.identity()), http ->
        http.get("/reset", (req, res) -> {
          res.header("X-Discarded", "yes");
          res.raw().reset();
          res.type("text/plain");
          return "kept";
        }));

    HttpResponse<byte[]> response = send(get(server, "/reset"));

    assertThat(text(response)).isEqualTo("kept");
    assertThat(response.headers().firstValue("X-Discarded")).isEmpty();
    String id = response.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow();
    JsonNode event = singleEvent();
    assertThat(event.get("transaction_id").asText()).isEqualTo(id);
    assertThat(header(event.get("response"), "X-Moesif-Transaction-Id")).isEqualTo(id);
  }
}
