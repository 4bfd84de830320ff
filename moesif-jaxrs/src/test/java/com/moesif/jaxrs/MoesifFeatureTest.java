package com.moesif.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.SdkFixture;
import com.moesif.jaxrs.contract.ContractApi;
import com.moesif.servlet.MoesifFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.glassfish.jersey.server.ChunkedOutput;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * What is particular to Jakarta REST, beyond the shared server scenarios: responses the runtime
 * makes without the resource (mapped exceptions, 404/405, aborts, async timeouts), entity writes
 * that fail, Jersey's chunked output, HEAD, route templates, registration by scanning, and
 * stacking under {@link MoesifFilter}. Every test makes real calls and asserts on what the collector double received.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MoesifFeatureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension final SdkFixture fixture = new SdkFixture("feature-test-app");
  private CollectorDouble collector;

  /** Routes of these tests, beside the scenario routes. */
  @Path("/t")
  public static class FeatureResource {
    @GET
    @Path("conflict")
    public String conflict() {
      throw new IllegalStateException("taken");
    }

    @GET
    @Path("timeout")
    public void timeout(@Suspended AsyncResponse response) {
      response.setTimeout(100, TimeUnit.MILLISECONDS); // and never resumed: the runtime answers 503
    }

    @GET
    @Path("fails-midway")
    @Produces(MediaType.TEXT_PLAIN)
    public StreamingOutput failsMidway() {
      return out -> {
        out.write("partial\n".getBytes(StandardCharsets.US_ASCII));
        out.flush(); // sent: the runtime can no longer answer with another response
        throw new IOException("the source of the stream went away");
      };
    }

    @GET
    @Path("things/{id: [0-9]+}")
    @Produces(MediaType.APPLICATION_JSON)
    public String thing(@PathParam("id") String id) {
      return "{\"thing\":" + id + "}";
    }

    @Path("sub")
    public SubResource sub() {
      return new SubResource();
    }

    /**
     * Jersey's long-lived stream (what its SSE support builds on), written from another thread,
     * each chunk after the first only once the test has read the one before.
     */
    @GET
    @Path("chunked")
    @Produces(MediaType.TEXT_PLAIN)
    public ChunkedOutput<String> chunked() {
      ChunkPacer pacer = chunkPacer;
      ChunkedOutput<String> output = new ChunkedOutput<>(String.class);
      CompletableFuture.runAsync(() -> {
        try (output) {
          for (int i = 0; i < ChunkPacer.CHUNKS; i++) {
            if (i > 0) {
              pacer.awaitGo();
            }
            pacer.log.add("writing chunk-" + i);
            output.write("chunk-" + i + "\n");
          }
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      return output;
    }
  }

  /**
   * The test's hold on {@code /t/chunked}: the writer waits for a go before each chunk after the
   * first, and the test gives it only once it has read the chunk before. If the chunks were held
   * back until the stream closed, the client could read none while the writer waits, so the
   * writer gives up waiting and the log shows every write before every read.
   */
  static final class ChunkPacer {
    static final int CHUNKS = 3;
    /** Long enough never to expire while the chunks flow; it only ends a broken run. */
    private static final long GIVE_UP_SECONDS = 10;

    final List<String> log = new CopyOnWriteArrayList<>();
    private final Semaphore go = new Semaphore(0);

    void awaitGo() throws InterruptedException {
      if (!go.tryAcquire(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
        log.add("gave up waiting for the client");
      }
    }

    void read(String line) {
      log.add("read " + line);
      go.release();
    }
  }

  /** The pacer of the next call to {@code /t/chunked}; set by the test that makes it. */
  private static volatile ChunkPacer chunkPacer;

  /** Reached through the sub-resource locator {@code /t/sub}. */
  public static class SubResource {
    @GET
    @Path("{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public String named(@PathParam("name") String name) {
      return "sub " + name;
    }
  }

  /** The application's own mapper: the event must show the status it chose. */
  static final class ConflictMapper implements ExceptionMapper<IllegalStateException> {
    @Override
    public Response toResponse(IllegalStateException exception) {
      return Response.status(409)
          .type(MediaType.APPLICATION_JSON)
          .entity("{\"error\":\"" + exception.getMessage() + "\"}")
          .build();
    }
  }

  /** A post-matching filter of the application that turns calls away. */
  static final class DenyFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      if (request.getHeaderString("X-Deny") != null) {
        request.abortWith(Response.status(401).type(MediaType.TEXT_PLAIN).entity("denied").build());
      }
    }
  }

  @BeforeEach
  void useFixture() {
    collector = fixture.collector();
  }

  // ------------------------------------------------------------------------------------------

  @Test
  void anExceptionMapperAnswersAndTheEventShowsItsStatusAndBody() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif);

    HttpResponse<String> response = send(get(server, "/t/conflict"));

    assertThat(response.statusCode()).isEqualTo(409);
    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/response/status").asInt()).isEqualTo(409);
    assertThat(event.at("/response/body")).isEqualTo(JSON.readTree("{\"error\":\"taken\"}"));
    assertThat(event.get("transaction_id").asText())
        .isEqualTo(response.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
  }

  @Test
  void unmatchedPathsAndMethodsAreCapturedThroughTheResponseFilter() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif);

    HttpResponse<String> notFound = send(get(server, "/nowhere"));
    HttpResponse<String> notAllowed = send(post(server, "/hello", "text/plain", "x"));

    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    List<JsonNode> events = exactlyEvents(moesif, 2);
    JsonNode missing = byPath(events, "/nowhere");
    JsonNode wrongMethod = byPath(events, "/hello");
    assertThat(missing.at("/response/status").asInt()).isEqualTo(404);
    assertThat(wrongMethod.at("/response/status").asInt()).isEqualTo(405);
    assertThat(wrongMethod.at("/request/verb").asText()).isEqualTo("POST");
    // The response filter ran for both: it is what puts the transaction id on the response.
    assertThat(missing.get("transaction_id").asText())
        .isEqualTo(notFound.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
    assertThat(wrongMethod.get("transaction_id").asText())
        .isEqualTo(notAllowed.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
  }

  @Test
  void callsAnotherFilterAbortsAreCapturedWithItsResponse() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif, new DenyFilter());

    HttpResponse<String> response = send(get(server, "/hello").header("X-Deny", "1"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("denied");
    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/response/status").asInt()).isEqualTo(401);
    assertThat(new String(Base64.getDecoder().decode(event.at("/response/body").asText()), StandardCharsets.UTF_8))
        .isEqualTo("denied");
  }

  @Test
  void anAsyncResponseThatTimesOutIsCapturedOnceWithTheRuntimesAnswer() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif);

    HttpResponse<String> response = send(get(server, "/t/timeout"));

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/response/status").asInt()).isEqualTo(503);
    assertEventCountStays(1);
  }

  @Test
  void anEntityThatFailsAfterItsFirstBytesEndsTheCallOnceAsAFailure() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif);

    // The status line and the first chunk were sent before the failure; the client sees a
    // truncated body or a broken stream, depending on timing.
    Throwable failure = catchThrowable(() -> send(get(server, "/t/fails-midway")));

    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/response/status").asInt()).as("reported as the failure it was").isEqualTo(500);
    assertThat(new String(Base64.getDecoder().decode(event.at("/response/body").asText()), StandardCharsets.US_ASCII))
        .isEqualTo("partial\n");
    assertEventCountStays(1);
    assertThat(moesif.stats().internalErrors()).isZero();
    if (failure != null) {
      assertThat(failure).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aChunkedOutputStreamsUntouchedAndIsReportedOnceWhenItOpens() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif);

    ChunkPacer pacer = new ChunkPacer();
    chunkPacer = pacer;

    HttpResponse<java.util.stream.Stream<String>> response =
        CLIENT.send(get(server, "/t/chunked").build(), HttpResponse.BodyHandlers.ofLines());
    response.body().forEach(pacer::read);

    // Each chunk reached the client while the writer was still waiting to write the next one.
    assertThat(pacer.log).as("what the writer and the client did, in order").containsExactly(
        "writing chunk-0", "read chunk-0",
        "writing chunk-1", "read chunk-1",
        "writing chunk-2", "read chunk-2");
    // The chunks are written after the resource returned, through no hook the API defines: the
    // event is the stream's opening (status, headers), queued at once, never a second one.
    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.get("response").has("body")).isFalse();
    assertThat(event.get("transaction_id").asText())
        .isEqualTo(response.headers().firstValue("X-Moesif-Transaction-Id").orElseThrow());
    assertEventCountStays(1);
  }

  @Test
  void aHeadResponseIsCapturedWithoutTheBodyTheClientNeverGets() throws Exception {
    Moesif moesif = sdk(b -> b);
    JerseyServers.Running server = grizzly(moesif);

    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri(server, "/hello")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/request/verb").asText()).isEqualTo("HEAD");
    assertThat(event.at("/response/status").asInt()).isEqualTo(200);
    assertThat(event.get("response").has("body")).isFalse();
  }

  @Test
  void routeTemplatesFromTheResourceModelReachTheHooks() throws Exception {
    Moesif moesif = sdk(b -> b.metadata((req, res) -> Map.of("route", String.valueOf(req.route()))));
    JerseyServers.Running server = grizzly(moesif);

    for (String path : List.of("/users/42", "/hello", "/t/things/7", "/contract/items/3", "/t/sub/x", "/nowhere")) {
      assertThat(send(get(server, path)).statusCode()).as(path).isEqualTo(path.equals("/nowhere") ? 404 : 200);
    }

    List<JsonNode> events = exactlyEvents(moesif, 6);
    assertThat(route(events, "/users/42")).isEqualTo("/users/{id}");
    assertThat(route(events, "/hello")).isEqualTo("/hello");
    assertThat(route(events, "/t/things/7")).isEqualTo("/t/things/{id: [0-9]+}");
    assertThat(route(events, "/contract/items/3")).isEqualTo("/contract/items/{n}");
    // A sub-resource locator's path is not in the standard API: no template rather than half of one.
    assertThat(route(events, "/t/sub/x")).isEqualTo("null");
    assertThat(route(events, "/nowhere")).isEqualTo("null");
  }

  @Test
  void routeTemplatesIncludeTheApplicationsBasePath() throws Exception {
    Moesif moesif = sdk(b -> b.metadata((req, res) -> Map.of("route", String.valueOf(req.route()))));
    JerseyServers.Running server = open(JerseyServers.jetty(app(new MoesifFeature(moesif)), null, "/api/*"));

    HttpResponse<String> response = send(get(server, "/api/users/42"));

    assertThat(response.body()).isEqualTo(AbstractServerSuite.userBody("42"));
    assertThat(route(exactlyEvents(moesif, 1), "/api/users/42")).isEqualTo("/api/users/{id}");
  }

  @Test
  void theAutoFeatureIsFoundByScanningAndConfiguredFromTheEnvironment() throws Exception {
    Map<String, String> properties = Map.of(
        "moesif.application_id", "auto-app-id",
        "moesif.base_uri", collector.baseUri().toString(),
        "moesif.event_batch_timeout", "0.1",
        "moesif.shutdown_hook", "false",
        "moesif.api_version", "from-system-properties");
    properties.forEach(System::setProperty);
    JerseyServers.Running server;
    try {
      // Only this package, where MoesifAutoFeature is the one @Provider (the tests' providers
      // are registered explicitly); the scenario resources are found too.
      server = open(JerseyServers.grizzly(JerseyServers.configure(new ResourceConfig().packages(false, "com.moesif.jaxrs"))));
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
    Moesif moesif = (Moesif) server.configuration().getProperty(MoesifFeature.SDK_PROPERTY);
    assertThat(moesif).as("the SDK the auto feature created, published in the configuration").isNotNull();
    fixture.closeAfterTheOthers(() -> moesif.close(Duration.ofSeconds(5))); // closed after the server

    HttpResponse<String> response = send(get(server, "/hello"));

    assertThat(response.body()).isEqualTo(AbstractServerSuite.HELLO);
    JsonNode event = onlyEvent(moesif);
    assertThat(event.at("/request/api_version").asText()).isEqualTo("from-system-properties");
    assertThat(event.at("/response/body").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(AbstractServerSuite.HELLO.getBytes(StandardCharsets.UTF_8)));
    assertThat(collector.requests("/v1/events/batch"))
        .allSatisfy(r -> assertThat(r.header("X-Moesif-Application-Id")).isEqualTo("auto-app-id"));
  }

  @Test
  void theAutoFeatureWithoutAnApplicationIdFailsTheStartNamingTheKey() {
    Assumptions.assumeTrue(System.getenv("MOESIF_APPLICATION_ID") == null, "the environment sets an application id");
    ResourceConfig app = JerseyServers.configure(new ResourceConfig(ScenarioResource.class).register(MoesifAutoFeature.class));

    Throwable thrown = catchThrowable(() -> open(JerseyServers.grizzly(app)));

    assertThat(thrown).isNotNull();
    Throwable cause = thrown;
    while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("APPLICATION_ID");
  }

  @Test
  void stackedUnderMoesifFilterTheFilterOwnsEachCallAndItIsCapturedOnce() throws Exception {
    Moesif servletSdk = sdk(b -> b.apiVersion("servlet"));
    Moesif jaxrsSdk = sdk(b -> b.apiVersion("jaxrs"));
    JerseyServers.Running server =
        open(JerseyServers.jetty(app(new MoesifFeature(jaxrsSdk)), new MoesifFilter(servletSdk)));
    String json = "{\"stacked\":true}";

    HttpResponse<String> echoed = send(post(server, "/echo", "application/json", json));
    HttpResponse<String> async = send(get(server, "/async"));

    assertThat(echoed.body()).isEqualTo(json);
    assertThat(async.body()).isEqualTo(AbstractServerSuite.ASYNC_BODY);
    assertThat(echoed.headers().allValues("X-Moesif-Transaction-Id")).hasSize(1);
    assertThat(async.headers().allValues("X-Moesif-Transaction-Id")).hasSize(1);
    List<JsonNode> events = exactlyEvents(servletSdk, 2);
    assertThat(jaxrsSdk.flush(Duration.ofSeconds(5))).isTrue();
    assertEventCountStays(2);
    assertThat(events).allSatisfy(e -> assertThat(e.at("/request/api_version").asText()).isEqualTo("servlet"));
    assertThat(byPath(events, "/echo").at("/request/body")).isEqualTo(JSON.readTree(json));
    assertThat(byPath(events, "/async").at("/response/body")).isEqualTo(JSON.readTree(AbstractServerSuite.ASYNC_BODY));
    assertThat(jaxrsSdk.stats().captured()).isZero();
    assertThat(servletSdk.stats().captured()).isEqualTo(2);
  }

  @Test
  void aFeatureRegisteredTwiceCapturesEachCallOnce() throws Exception {
    Moesif first = sdk(b -> b.apiVersion("first"));
    Moesif second = sdk(b -> b.apiVersion("second"));
    JerseyServers.Running server = grizzly(first, new MoesifFeature(second));

    send(get(server, "/hello"));

    JsonNode event = onlyEvent(first);
    assertThat(second.flush(Duration.ofSeconds(5))).isTrue();
    assertEventCountStays(1);
    assertThat(event.at("/request/api_version").asText()).isEqualTo("first");
  }

  // ------------------------------------------------------------------------------------------

  private Moesif sdk(UnaryOperator<MoesifConfig.Builder> custom) {
    return fixture.moesif(custom);
  }

  /** The scenario and feature routes, the feature over {@code moesif} and {@code providers}. */
  private static ResourceConfig app(Object... providers) {
    ResourceConfig app = JerseyServers.scenarioApp(providers);
    app.register(FeatureResource.class);
    app.register(ContractApi.Resource.class);
    app.register(new ConflictMapper());
    return app;
  }

  private JerseyServers.Running grizzly(Moesif moesif, Object... more) {
    Object[] providers = new Object[more.length + 1];
    providers[0] = new MoesifFeature(moesif);
    System.arraycopy(more, 0, providers, 1, more.length);
    return open(JerseyServers.grizzly(app(providers)));
  }

  private <T extends AutoCloseable> T open(T closeable) {
    fixture.closeAfterwards(closeable);
    return closeable;
  }

  private static URI uri(JerseyServers.Running server, String pathAndQuery) {
    return URI.create(server.baseUri() + pathAndQuery);
  }

  private static HttpRequest.Builder get(JerseyServers.Running server, String pathAndQuery) {
    return HttpRequest.newBuilder(uri(server, pathAndQuery)).GET();
  }

  private static HttpRequest.Builder post(JerseyServers.Running server, String path, String contentType, String body) {
    return HttpRequest.newBuilder(uri(server, path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for exactly one event, flushing {@code moesif} so nothing else is in flight. */
  private JsonNode onlyEvent(Moesif moesif) {
    return exactlyEvents(moesif, 1).get(0);
  }

  private List<JsonNode> exactlyEvents(Moesif moesif, int count) {
    collector.awaitEvents(count);
    assertThat(moesif.flush(Duration.ofSeconds(5))).as("flush").isTrue();
    List<JsonNode> events = collector.events();
    assertThat(events).as("events the collector double received").hasSize(count);
    return events;
  }

  private void assertEventCountStays(int count) {
    await("exactly " + count + " events for 300 ms")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> collector.events().size() == count);
  }

  private static JsonNode byPath(List<JsonNode> events, String path) {
    List<JsonNode> matching =
        events.stream().filter(e -> URI.create(e.at("/request/uri").asText()).getPath().equals(path)).toList();
    assertThat(matching).as("events for " + path).hasSize(1);
    return matching.get(0);
  }

  private static String route(List<JsonNode> events, String path) {
    return byPath(events, path).at("/metadata/route").asText();
  }
}
