package com.moesif.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.SdkFixture;
import com.moesif.core.testkit.ServerHandle;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to Javalin, beyond the shared server scenarios: route templates for hooks,
 * exception and error handlers, 404s, static files and stream results without buffering, failing
 * futures, WebSocket upgrades, the plugin's place in the filter chain and its SDK's lifecycle, and
 * the hand-wired before/after handlers, alone and together with the plugin.
 */
class MoesifJavalinTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension final SdkFixture fixture = new SdkFixture("javalin-test-app");
  private CollectorDouble collector;
  private @Nullable Moesif moesif;
  private URI base;
  @TempDir Path staticDir;

  @BeforeEach
  void useFixture() {
    collector = fixture.collector();
  }

  private MoesifConfig.Builder config() {
    return fixture.config();
  }

  private Moesif moesif(UnaryOperator<MoesifConfig.Builder> customize) {
    moesif = fixture.moesif(customize);
    return moesif;
  }

  /** The scenario app plus {@code setup}, with the plugin over a fresh SDK. */
  private void servePlugin(UnaryOperator<MoesifConfig.Builder> customize, Consumer<JavalinConfig> setup) {
    Moesif sdk = moesif(customize);
    serve(config -> {
      setup.accept(config);
      config.registerPlugin(new MoesifPlugin(sdk));
    });
  }

  /** The scenario app plus {@code setup}, with the hand-wired handlers over a fresh SDK. */
  private void serveHandWired(UnaryOperator<MoesifConfig.Builder> customize, Consumer<JavalinConfig> setup) {
    Moesif sdk = moesif(customize);
    serve(config -> {
      config.routes.before(MoesifJavalin.beforeHandler(sdk));
      setup.accept(config);
      config.routes.after(MoesifJavalin.afterHandler(sdk));
    });
  }

  private void serve(Consumer<JavalinConfig> setup) {
    ServerHandle server = ScenarioApp.start(setup);
    fixture.closeAfterwards(server);
    base = server.baseUri();
  }

  // ------------------------------------------------------------------ plugin

  @Test
  void routeTemplateIsVisibleToHooksBeforeAndAfterTheHandler() throws Exception {
    servePlugin(
        b -> b
            // The request-only call of skip runs before Javalin has routed the request.
            .skip((req, res) -> "/health".equals(req.route()))
            .metadata((req, res) -> {
              Map<String, Object> metadata = new HashMap<>();
              metadata.put("route", String.valueOf(req.route()));
              return metadata;
            }),
        config -> {});

    HttpResponse<byte[]> health = send(get("/health"));
    assertThat(health.headers().firstValue("X-Moesif-Transaction-Id")).as("skipped before the handler").isEmpty();
    assertThat(text(send(get("/users/42")))).isEqualTo(AbstractServerSuite.userBody("42"));
    assertThat(send(get("/no/such/route")).statusCode()).isEqualTo(404);

    List<JsonNode> events = awaitEvents(2);
    assertThat(eventFor(events, "/users/42").at("/metadata/route").asText()).isEqualTo("/users/{id}");
    assertThat(eventFor(events, "/no/such/route").at("/metadata/route").asText()).isEqualTo("null");
  }

  @Test
  void exceptionMappedByAnExceptionHandlerIsCapturedWithTheStatusTheClientGot() throws Exception {
    servePlugin(UnaryOperator.identity(), MoesifJavalinTest::teapotRoutes);

    HttpResponse<byte[]> response = send(get("/teapot"));

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(text(response)).isEqualTo("{\"error\":\"short and stout\"}");
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/status").asInt()).isEqualTo(418);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"short and stout\"}"));
  }

  @Test
  void futureFailingLaterIsMappedAndCapturedWithTheStatusTheClientGot() throws Exception {
    servePlugin(UnaryOperator.identity(), MoesifJavalinTest::teapotRoutes);

    HttpResponse<byte[]> response = send(get("/teapot-later"));

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(text(response)).isEqualTo("{\"error\":\"later\"}");
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/status").asInt()).isEqualTo(418);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"later\"}"));
  }

  @Test
  void futureTimingOutIsCapturedOnceWithWhatJavalinAnswered() throws Exception {
    servePlugin(UnaryOperator.identity(), config -> {
      config.http.asyncTimeout = 200L;
      config.routes.get("/never", ctx -> ctx.future(CompletableFuture::new));
    });

    HttpResponse<byte[]> response = send(get("/never"));

    assertThat(response.statusCode()).isEqualTo(500);
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/status").asInt()).isEqualTo(500);
    assertThat(bodyBytes(event.get("response"))).isEqualTo(response.body()).isNotEmpty();
  }

  @Test
  void unknownRouteIsCapturedAs404WithTheBodyTheClientGot() throws Exception {
    servePlugin(UnaryOperator.identity(), config -> {});

    HttpResponse<byte[]> response = send(get("/no/such/route?x=1"));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/request/uri").asText()).isEqualTo(base + "/no/such/route?x=1");
    assertThat(event.at("/response/status").asInt()).isEqualTo(404);
    assertThat(bodyBytes(event.get("response"))).isEqualTo(response.body()).isNotEmpty();
  }

  @Test
  void largeStaticFileReachesTheClientWholeAndTheEventGetsTheOverLimitNote() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(big);
    Files.write(staticDir.resolve("big.bin"), big);
    Files.writeString(staticDir.resolve("small.json"), "{\"static\":true}");
    servePlugin(
        UnaryOperator.identity(),
        config -> config.staticFiles.add(staticDir.toString(), Location.EXTERNAL));

    HttpResponse<byte[]> response = send(get("/big.bin"));
    HttpResponse<byte[]> small = send(get("/small.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(big);
    assertThat(text(small)).isEqualTo("{\"static\":true}");
    List<JsonNode> events = awaitEvents(2);
    JsonNode bigEvent = eventFor(events, "/big.bin");
    assertThat(bigEvent.at("/response/status").asInt()).isEqualTo(200);
    assertThat(bigEvent.at("/response/body/msg").asText())
        .isEqualTo("body of " + big.length + " bytes exceeds the capture limit of 1048576 bytes");
    assertThat(eventFor(events, "/small.json").at("/response/body"))
        .isEqualTo(MAPPER.readTree("{\"static\":true}"));
  }

  @Test
  void streamResultReachesTheClientBeforeItEndsAndIsCountedWhole() throws Exception {
    int chunks = 8;
    int chunkSize = 64 * 1024;
    ChunkPacer pacer = new ChunkPacer();
    servePlugin(
        b -> b.responseMaxBodySize(1000),
        config -> config.routes.get("/slow-result", ctx -> ctx
            .contentType("application/octet-stream")
            .result(new SlowStream(chunks, chunkSize, pacer))));

    HttpResponse<InputStream> response =
        CLIENT.send(get("/slow-result").build(), HttpResponse.BodyHandlers.ofInputStream());
    long total = 0;
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[8192];
      int latest = -1;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        for (int i = 0; i < n; i++) {
          int chunk = buffer[i] - 'a';
          if (chunk > latest) {
            latest = chunk;
            pacer.read(chunk);
          }
        }
      }
    }

    assertThat(total).isEqualTo((long) chunks * chunkSize);
    // The producer makes each chunk after the first only once the client has bytes of the one
    // before; a capture that held the stream back would leave the client with none while the
    // producer waits, and the producer would give up waiting.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      expected.add("producing chunk " + i);
      expected.add("read chunk " + i);
    }
    assertThat(pacer.log).as("what the producer and the client did, in order").isEqualTo(expected);
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/body/msg").asText())
        .isEqualTo("body of " + total + " bytes exceeds the capture limit of 1000 bytes");
  }

  @Test
  void responseJavalinCompressesIsDecodedForTheEventAndSentCompressed() throws Exception {
    servePlugin(UnaryOperator.identity(), config -> {});

    HttpResponse<byte[]> response = send(get("/json?size=5000").header("Accept-Encoding", "gzip"));

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(AbstractServerSuite.jsonOfSize(5000));
    }
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree(AbstractServerSuite.jsonOfSize(5000)));
  }

  @Test
  void webSocketUpgradesPassThroughUncaptured() throws Exception {
    servePlugin(
        UnaryOperator.identity(),
        config -> config.routes.ws("/ws", ws -> ws.onMessage(message -> message.send("echo:" + message.message()))));

    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket = CLIENT.newWebSocketBuilder()
        .buildAsync(URI.create(base.toString().replace("http:", "ws:") + "/ws"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            reply.complete(data.toString());
            return null;
          }
        })
        .get(10, TimeUnit.SECONDS);
    socket.sendText("hi", true).get(10, TimeUnit.SECONDS);
    assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo:hi");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    send(get("/hello"));

    List<JsonNode> events = awaitEvents(1);
    assertThat(events.get(0).at("/request/uri").asText()).isEqualTo(base + "/hello");
  }

  @Test
  void pluginCapturesWhatFiltersAddedBeforeItAnswer() throws Exception {
    Filter deny = (request, response, chain) -> {
      if (((HttpServletRequest) request).getHeader("X-Deny") != null) {
        ((HttpServletResponse) response).sendError(401);
        return;
      }
      chain.doFilter(request, response);
    };
    servePlugin(
        UnaryOperator.identity(),
        config -> config.jetty.modifyServletContextHandler(
            handler -> handler.addFilter(deny, "/*", EnumSet.of(DispatcherType.REQUEST))));

    HttpResponse<byte[]> denied = send(get("/hello").header("X-Deny", "1"));

    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.headers().firstValue("X-Moesif-Transaction-Id")).isPresent();
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/status").asInt()).isEqualTo(401);
  }

  @Test
  void pluginCreatingItsSdkStartsItWithTheServerAndClosesItWhenTheServerStops() throws Exception {
    assertThatThrownBy(() -> new MoesifPlugin(b -> b.logBody(true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APPLICATION_ID");
    MoesifPlugin plugin = new MoesifPlugin(b -> b
        .applicationId("plugin-owned-app")
        .baseUri(collector.baseUri())
        .batchTimeout(Duration.ofMillis(100))
        .shutdownHook(false));
    assertThatThrownBy(plugin::moesif).isInstanceOf(IllegalStateException.class);

    ServerHandle server = ScenarioApp.start(config -> config.registerPlugin(plugin));
    base = server.baseUri();
    try {
      assertThat(text(send(get("/hello")))).isEqualTo(AbstractServerSuite.HELLO);
      collector.awaitEvents(1);
      assertThat(collector.requests("/v1/events/batch").get(0).header("X-Moesif-Application-Id"))
          .isEqualTo("plugin-owned-app");
      assertThat(plugin.moesif().stats().captured()).isEqualTo(1);
    } finally {
      server.close();
    }
    await("the plugin's SDK threads to stop")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith("moesif-")));
  }

  // ------------------------------------------------------------------ hand-wired handlers

  @Test
  void handWiredHandlersCaptureJsonResultsRouteTemplatesAndRequestBodies() throws Exception {
    serveHandWired(
        b -> b.metadata((req, res) -> Map.of("route", String.valueOf(req.route()))),
        config -> {});

    HttpResponse<byte[]> user = send(get("/users/7"));
    String json = "{\"name\":\"widget\"}";
    HttpResponse<byte[]> echo = send(post("/echo", "application/json", json));
    HttpResponse<byte[]> form = send(post("/form", "application/x-www-form-urlencoded", "name=Ada"));
    HttpResponse<byte[]> async = send(get("/async"));

    assertThat(text(user)).isEqualTo(AbstractServerSuite.userBody("7"));
    assertThat(text(echo)).isEqualTo(json);
    assertThat(text(form)).isEqualTo("hi Ada");
    assertThat(text(async)).isEqualTo(AbstractServerSuite.ASYNC_BODY);
    List<JsonNode> events = awaitEvents(4);
    JsonNode userEvent = eventFor(events, "/users/7");
    assertThat(userEvent.at("/response/body")).isEqualTo(MAPPER.readTree(AbstractServerSuite.userBody("7")));
    assertThat(userEvent.at("/metadata/route").asText()).isEqualTo("/users/{id}");
    assertThat(userEvent.get("transaction_id").asText())
        .isEqualTo(user.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
    JsonNode echoEvent = eventFor(events, "/echo");
    assertThat(echoEvent.at("/request/body")).isEqualTo(MAPPER.readTree(json));
    assertThat(echoEvent.at("/response/body")).isEqualTo(MAPPER.readTree(json));
    assertThat(base64Text(eventFor(events, "/form").get("request"))).isEqualTo("name=Ada");
    assertThat(eventFor(events, "/async").at("/response/body"))
        .isEqualTo(MAPPER.readTree(AbstractServerSuite.ASYNC_BODY));
  }

  @Test
  void handWiredHandlersCaptureMappedExceptionsAnd404s() throws Exception {
    serveHandWired(UnaryOperator.identity(), MoesifJavalinTest::teapotRoutes);

    assertThat(send(get("/teapot")).statusCode()).isEqualTo(418);
    assertThat(send(get("/teapot-later")).statusCode()).isEqualTo(418);
    HttpResponse<byte[]> missing = send(get("/no/such/route"));
    assertThat(send(get("/error")).statusCode()).isEqualTo(500);

    assertThat(missing.statusCode()).isEqualTo(404);
    List<JsonNode> events = awaitEvents(4);
    assertThat(eventFor(events, "/teapot").at("/response/body"))
        .isEqualTo(MAPPER.readTree("{\"error\":\"short and stout\"}"));
    assertThat(eventFor(events, "/teapot-later").at("/response/status").asInt()).isEqualTo(418);
    assertThat(eventFor(events, "/no/such/route").at("/response/status").asInt()).isEqualTo(404);
    assertThat(bodyBytes(eventFor(events, "/no/such/route").get("response"))).isEqualTo(missing.body());
    assertThat(eventFor(events, "/error").at("/response/status").asInt()).isEqualTo(500);
  }

  @Test
  void handWiredHandlersReportACompressedResponseWithItsUncompressedBody() throws Exception {
    serveHandWired(UnaryOperator.identity(), config -> {});

    HttpResponse<byte[]> response = send(get("/json?size=5000").header("Accept-Encoding", "gzip"));

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/body")).isEqualTo(MAPPER.readTree(AbstractServerSuite.jsonOfSize(5000)));
    assertThat(header(event.get("response"), "Content-Encoding")).isNull();
  }

  @Test
  void handWiredHandlersLeaveStreamResultsUnreadAndUncopied() throws Exception {
    serveHandWired(UnaryOperator.identity(), config -> {});

    HttpResponse<byte[]> response = send(get("/binary"));

    // The result stream cannot be rewound: the client gets all of it and the event none of it.
    assertThat(response.body()).isEqualTo(AbstractServerSuite.binaryBody());
    JsonNode event = awaitEvents(1).get(0);
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.get("response").has("body")).isFalse();
  }

  @Test
  void handWiredGovernanceBlockAnswersWithTheRuleAndSkipsTheHandlers() throws Exception {
    collector.respondWith(rules("""
        [{"_id": "rule-block-status", "type": "regex", "block": true, "applied_to": "matching",
          "regex_config": [{"conditions": [{"path": "request.route", "value": "^/counted"}]}],
          "response": {"status": 429, "headers": {"X-Blocked": "yes"}, "body": {"error": "blocked"}}}]
        """));
    AtomicInteger handlerCalls = new AtomicInteger();
    serveHandWired(
        UnaryOperator.identity(),
        config -> config.routes.get("/counted", ctx -> ctx.result("handled " + handlerCalls.incrementAndGet())));

    HttpResponse<byte[]> response = awaitResponse(get("/counted"), r -> r.statusCode() == 429);

    int callsBefore = handlerCalls.get(); // calls made before the rules were loaded
    assertThat(text(response)).isEqualTo("{\"error\":\"blocked\"}");
    assertThat(response.headers().firstValue("X-Blocked")).hasValue("yes");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(send(get("/counted")).statusCode()).isEqualTo(429);
    assertThat(handlerCalls.get()).isEqualTo(callsBefore);
    List<JsonNode> blockedEvents = awaitEvents(e -> e.has("blocked_by"), 2);
    JsonNode blocked = blockedEvents.get(1);
    assertThat(blocked.at("/request/uri").asText()).isEqualTo(base + "/counted");
    assertThat(blocked.get("blocked_by").asText()).isEqualTo("rule-block-status");
    assertThat(blocked.at("/response/status").asInt()).isEqualTo(429);
    assertThat(blocked.at("/response/body")).isEqualTo(MAPPER.readTree("{\"error\":\"blocked\"}"));
  }

  @Test
  void pluginAndHandWiredHandlersTogetherCaptureEachCallOnce() throws Exception {
    Moesif sdk = moesif(UnaryOperator.identity());
    serve(config -> {
      config.registerPlugin(new MoesifPlugin(sdk));
      config.routes.before(MoesifJavalin.beforeHandler(sdk));
      config.routes.after(MoesifJavalin.afterHandler(sdk));
    });

    HttpResponse<byte[]> stream = send(get("/stream"));
    HttpResponse<byte[]> user = send(get("/users/1"));

    assertThat(stream.headers().allValues("X-Moesif-Transaction-Id")).hasSize(1);
    assertThat(user.headers().allValues("X-Moesif-Transaction-Id")).hasSize(1);
    List<JsonNode> events = awaitEvents(2);
    // The plugin's capture, not the handlers': the streamed body is in the event.
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < AbstractServerSuite.STREAM_CHUNKS; i++) {
      whole.append(AbstractServerSuite.streamChunk(i));
    }
    assertThat(base64Text(eventFor(events, "/stream").get("response"))).isEqualTo(whole.toString());
    assertThat(eventFor(events, "/users/1").get("transaction_id").asText())
        .isEqualTo(user.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
  }

  // ------------------------------------------------------------------ routes and helpers

  /** An exception handler answering 418, a route throwing at once and one whose future fails later. */
  private static void teapotRoutes(JavalinConfig config) {
    config.routes.exception(IllegalArgumentException.class,
        (e, ctx) -> ctx.status(418).json(Map.of("error", e.getMessage())));
    config.routes.get("/teapot", ctx -> {
      throw new IllegalArgumentException("short and stout");
    });
    config.routes.get("/teapot-later", ctx -> ctx.future(() -> CompletableFuture.runAsync(() -> {
      throw new IllegalArgumentException("later");
    }, ScenarioApp.LATER)));
  }

  /**
   * Paces {@link SlowStream}: the producer waits for a go before each chunk after the first, and
   * the client gives it once it has read bytes of the chunk before.
   */
  private static final class ChunkPacer {
    /** Long enough never to expire while the chunks flow; it only ends a broken run. */
    private static final long GIVE_UP_SECONDS = 10;

    final List<String> log = new CopyOnWriteArrayList<>();
    private final Semaphore go = new Semaphore(0);

    void awaitGo() {
      try {
        if (!go.tryAcquire(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
          log.add("gave up waiting for the client");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void read(int chunk) {
      log.add("read chunk " + chunk);
      go.release();
    }
  }

  /** A result stream producing {@code chunks} chunks of {@code size} bytes, at the pace a {@link ChunkPacer} sets. */
  private static final class SlowStream extends InputStream {
    private final int chunks;
    private final int size;
    private final ChunkPacer pacer;
    private int chunk;
    private int position;

    SlowStream(int chunks, int size, ChunkPacer pacer) {
      this.chunks = chunks;
      this.size = size;
      this.pacer = pacer;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (chunk == chunks) {
        return -1;
      }
      if (position == 0) {
        if (chunk > 0) {
          pacer.awaitGo();
        }
        pacer.log.add("producing chunk " + chunk);
      }
      int n = Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ('a' + chunk);
      }
      position += n;
      if (position == size) {
        position = 0;
        chunk++;
      }
      return n;
    }
  }

  private static java.util.function.Function<CollectorDouble.RecordedRequest, CollectorDouble.Reply> rules(
      String rulesJson) {
    return request ->
        request.method().equals("GET") && request.path().endsWith("/v1/rules")
            ? new CollectorDouble.Reply(200, Map.of(), rulesJson, Duration.ZERO)
            : request.path().endsWith("/v1/config")
                ? new CollectorDouble.Reply(200, Map.of(), "{}", Duration.ZERO)
                : CollectorDouble.Reply.ok();
  }

  private HttpRequest.Builder get(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
  }

  private HttpRequest.Builder post(String path, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Repeats a request until the rules the SDK fetches in the background apply to it. */
  private static HttpResponse<byte[]> awaitResponse(HttpRequest.Builder request, Predicate<HttpResponse<byte[]>> done) {
    List<HttpResponse<byte[]>> last = new ArrayList<>();
    await("a response once the rules are loaded")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(() -> {
          HttpResponse<byte[]> response = send(request);
          last.add(0, response);
          return done.test(response);
        });
    return last.get(0);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** Waits for exactly {@code count} events: flushed, and no other arriving for 300 ms. */
  private List<JsonNode> awaitEvents(int count) {
    collector.awaitEvents(count);
    assertThat(moesif().flush(Duration.ofSeconds(5))).isTrue();
    await("exactly " + count + " events for 300 ms")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> collector.events().size() == count);
    return collector.events();
  }

  /** Waits for the {@code count} events matching {@code which} (others may arrive too). */
  private List<JsonNode> awaitEvents(Predicate<JsonNode> which, int count) {
    await("events matching the scenario")
        .atMost(Duration.ofSeconds(10))
        .until(() -> collector.events().stream().filter(which).count() >= count);
    assertThat(moesif().flush(Duration.ofSeconds(5))).isTrue();
    List<JsonNode> matching = collector.events().stream().filter(which).toList();
    assertThat(matching).hasSize(count);
    return matching;
  }

  private Moesif moesif() {
    assertThat(moesif).as("the test's SDK").isNotNull();
    return moesif;
  }

  private JsonNode eventFor(List<JsonNode> events, String pathAndQuery) {
    List<JsonNode> matching =
        events.stream().filter(e -> e.at("/request/uri").asText().equals(base + pathAndQuery)).toList();
    assertThat(matching).as("events for " + pathAndQuery).hasSize(1);
    return matching.get(0);
  }

  /** An event body as bytes, whether it was sent as JSON or base64. */
  private static byte[] bodyBytes(JsonNode part) throws IOException {
    if (part.path("transfer_encoding").asText().equals("json")) {
      return MAPPER.writeValueAsBytes(part.get("body"));
    }
    return Base64.getDecoder().decode(part.path("body").asText());
  }

  private static @Nullable String header(JsonNode part, String name) {
    for (Map.Entry<String, JsonNode> field : part.path("headers").properties()) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  private static String base64Text(JsonNode part) {
    assertThat(part.path("transfer_encoding").asText()).isEqualTo("base64");
    return new String(Base64.getDecoder().decode(part.get("body").asText()), StandardCharsets.UTF_8);
  }
}
