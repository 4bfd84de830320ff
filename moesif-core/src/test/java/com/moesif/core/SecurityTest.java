package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.internal.Json;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.CollectorDouble.Reply;
import com.moesif.core.testkit.FakeHttp;
import com.moesif.core.testkit.FaultyCollector;
import com.moesif.core.testkit.LogCapture;
import com.moesif.core.testkit.SdkFixture;
import com.moesif.core.testkit.TargetServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What must never leave the process, or never happen at all: the application id in a log line,
 * a masked value in anything sent, a type instantiated from a collector answer, an event for the
 * SDK's own collector calls, a file written.
 *
 * <p>Runs in a JVM of its own (the pom's {@code security} execution): DEBUG on for every logger,
 * and a {@code java.io.tmpdir}, {@code user.home} and working directory that only this class uses,
 * so the log capture and the disk check see nothing but this class, whatever else runs on the
 * machine.
 */
class SecurityTest {
  private static final String APPLICATION_ID = "secret-app-id-9f8e7d6c5b4a3210";
  /** Every place the SDK could write to without being given a path. */
  private static final List<String> WRITABLE_DIRS = List.of("java.io.tmpdir", "user.home", "user.dir");
  private static Map<Path, FileState> filesBefore;

  private CollectorDouble collector;
  private final List<Moesif> opened = new ArrayList<>();

  @BeforeAll
  static void snapshotTheDisk() throws IOException {
    for (String dir : WRITABLE_DIRS) {
      Path path = Files.createDirectories(Path.of(System.getProperty(dir)));
      assertThat(path)
          .as(dir + " is this run's own (the pom's security execution sets it), not one other processes write to")
          .startsWith(Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent());
    }
    filesBefore = files();
  }

  /**
   * After every test of the class, once no thread of the SDK is left to write anything: no file
   * created, changed or removed in any of {@link #WRITABLE_DIRS}.
   */
  @AfterAll
  static void nothingWasWrittenToDisk() throws IOException {
    await("every moesif- thread ended").atMost(Duration.ofSeconds(30)).until(() -> SdkFixture.moesifThreads().isEmpty());
    assertThat(files()).as("files in " + WRITABLE_DIRS).isEqualTo(filesBefore);
  }

  /** What the check compares of a path: a directory is present or not; a file also has a size and time. */
  private record FileState(boolean directory, long size, long modifiedMillis) {}

  private static Map<Path, FileState> files() throws IOException {
    Map<Path, FileState> files = new TreeMap<>();
    for (String dir : WRITABLE_DIRS) {
      try (Stream<Path> paths = Files.walk(Path.of(System.getProperty(dir)))) {
        for (Path p : paths.toList()) {
          files.put(p.toAbsolutePath(), Files.isRegularFile(p)
              ? new FileState(false, Files.size(p), Files.getLastModifiedTime(p).toMillis())
              : new FileState(true, -1L, -1L));
        }
      }
    }
    return files;
  }

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
  }

  @AfterEach
  void stop() {
    opened.forEach(m -> m.close(Duration.ofSeconds(2)));
    collector.close();
  }

  private Moesif sdk(URI baseUri, UnaryOperator<MoesifConfig.Builder> custom) {
    Moesif moesif =
        Moesif.create(
            custom.apply(
                    MoesifConfig.builder()
                        .applicationId(APPLICATION_ID)
                        .baseUri(baseUri)
                        .debug(true)
                        .batchTimeout(Duration.ofMillis(20))
                        .retryBaseDelay(Duration.ofMillis(10))
                        .retryMaxDelay(Duration.ofMillis(50))
                        .shutdownHook(false))
                .build());
    opened.add(moesif);
    return moesif;
  }

  private static void calls(Moesif moesif, int n) {
    for (int i = 0; i < n; i++) {
      Exchange exchange = moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test/s/" + i));
      assertThat(exchange).isNotNull();
      exchange.end(FakeHttp.response(200), null);
    }
  }

  @Test
  void theApplicationIdIsNeverLoggedInFull() {
    List<String> lines;
    try (LogCapture logs = LogCapture.start()) {
      Moesif moesif =
          sdk(collector.baseUri(), b -> b.maxRetries(1).identifyUser((req, res) -> {
            throw new IllegalStateException("hook bug");
          }));
      // The start-up fetch logs at DEBUG once it is done.
      await().atMost(Duration.ofSeconds(5)).until(() -> logs.lines().stream().anyMatch(l -> l.contains("refreshed /v1/rules")));
      for (int status : new int[] {401, 403, 500, 400}) {
        collector.respondWith(r -> Reply.status(status));
        calls(moesif, 3);
        assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
      }
      // Refused connections and a full queue; then a collector that never answers, and a close
      // with events left behind.
      Moesif dead = sdk(TargetServer.deadUri(""), b -> b.eventQueueSize(2).eventWorkerCount(1).maxRetries(2));
      calls(dead, 10);
      assertThat(dead.flush(Duration.ofSeconds(5))).isTrue();
      dead.close(Duration.ofSeconds(1));
      try (FaultyCollector hanging = FaultyCollector.start(collector)) {
        hanging.fault(FaultyCollector.Fault.HANG);
        Moesif stuck = sdk(hanging.baseUri(), b -> b.eventWorkerCount(1));
        calls(stuck, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> hanging.acceptedConnections() > 0);
        stuck.close(Duration.ofMillis(200));
      }
      moesif.close(Duration.ofSeconds(2));
      lines = logs.lines();
    }
    // The id was in use: the collector got it in the header.
    assertThat(collector.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("X-Moesif-Application-Id")).isEqualTo(APPLICATION_ID));
    // What the log says about it is its first four characters only.
    assertThat(lines).as("log lines").noneMatch(l -> l.contains(APPLICATION_ID.substring(0, 5)));
    assertThat(lines).anyMatch(l -> l.contains("secr…"));
    // The run did log what it should have: the capture is not vacuous.
    assertThat(lines).anyMatch(l -> l.contains("DEBUG"));
    assertThat(lines).anyMatch(l -> l.contains("events lost: the collector did not accept"));
    assertThat(lines).anyMatch(l -> l.contains("HTTP 401"));
    assertThat(lines).anyMatch(l -> l.contains("HTTP 403"));
    assertThat(lines).anyMatch(l -> l.contains("hook threw"));
    assertThat(lines).anyMatch(l -> l.contains("dropping events"));
    assertThat(lines).anyMatch(l -> l.contains("ConnectException"));
    assertThat(lines).anyMatch(l -> l.contains("undelivered"));
  }

  @Test
  void masksApplyBeforeAnythingLeavesTheProcess() throws Exception {
    List<String> lines;
    try (LogCapture logs = LogCapture.start()) {
      Moesif moesif =
          sdk(collector.baseUri(), b -> b.maskRecommended()
              .maskHeaders("X-Api-Key")
              .maskBodyFields("card")
              .metadata((req, res) -> Map.of("card", "SECRET-META"))
              // the hook sees bodies already masked, and removes what the built-in masks cannot
              .maskEvent(e -> e.toBuilder().metadata(null).build()));
      Exchange exchange =
          moesif.captureEngine()
              .startIncoming(FakeHttp.request("POST", "http://api.test/login")
                  .header("Authorization", "Bearer SECRET-BEARER")
                  .header("Cookie", "session=SECRET-COOKIE")
                  .header("X-Api-Key", "SECRET-APIKEY")
                  .header("Content-Type", "application/json")
                  .header("Content-Encoding", "gzip"));
      byte[] request = gzip("{\"user\":\"ada\",\"password\":\"SECRET-PASSWORD\",\"nested\":[{\"access_token\":\"SECRET-ACCESS\"}],\"card\":{\"n\":\"SECRET-CARD\"}}");
      exchange.requestBody().write(request, 0, request.length);
      byte[] response = "{\"refresh_token\":\"SECRET-REFRESH\",\"client_secret\":\"SECRET-CLIENT\",\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.responseBody().write(response, 0, response.length);
      exchange.end(FakeHttp.response(200).header("Set-Cookie", "id=SECRET-SETCOOKIE").header("Content-Type", "application/json"), null);
      assertThat(moesif.flush(Duration.ofSeconds(5))).isTrue();
      lines = logs.lines();
    }

    JsonNode event = collector.awaitEvents(1).get(0);
    assertThat(event.at("/request/headers/authorization").asText()).isEqualTo("*****");
    assertThat(event.at("/request/headers/x-api-key").asText()).isEqualTo("*****");
    assertThat(event.at("/request/body/password").asText()).isEqualTo("*****");
    assertThat(event.at("/request/body/nested/0/access_token").asText()).isEqualTo("*****");
    assertThat(event.at("/request/body/card").asText()).isEqualTo("*****");
    assertThat(event.at("/request/body/user").asText()).isEqualTo("ada");
    assertThat(event.at("/response/body/ok").asBoolean()).isTrue();
    assertThat(event.has("metadata")).isFalse();
    // Nothing that went over the wire, in any request, body or header, holds a masked value.
    for (CollectorDouble.RecordedRequest sent : collector.requests()) {
      assertThat(new String(sent.decodedBody(), StandardCharsets.UTF_8)).doesNotContain("SECRET-");
      assertThat(sent.headers().toString()).doesNotContain("SECRET-");
    }
    assertThat(lines).noneMatch(l -> l.contains("SECRET-"));
  }

  /** A class the collector's answers name: instantiating it (or calling a setter) is the exploit. */
  public static final class Canary {
    static volatile boolean touched;

    public Canary() {
      touched = true;
    }

    public void setValue(String value) {
      touched = true;
    }
  }

  @Test
  void collectorAnswersNeverInstantiateTheTypesTheyName() throws Exception {
    String canary = Canary.class.getName();
    String config =
        "{\"@class\":\"" + canary + "\",\"value\":\"x\",\"sample_rate\":100,"
            + "\"user_sample_rate\":{\"u\":{\"@class\":\"" + canary + "\"}},"
            + "\"regex_config\":[\"" + canary + "\",{\"value\":\"x\"}]}";
    String rules =
        "[[\"" + canary + "\",{\"value\":\"x\"}],"
            + "{\"@class\":\"" + canary + "\",\"@type\":\"" + canary + "\",\"_id\":\"typed\",\"type\":\"regex\","
            + "\"block\":false,\"regex_config\":[],"
            + "\"response\":{\"headers\":{\"X-Typed\":\"inert\"},\"body\":{\"@class\":\"" + canary + "\"}}}]";
    collector.respondWith(r -> r.path().equals("/v1/config")
        ? new Reply(200, Map.of(), config, Duration.ZERO)
        : r.path().equals("/v1/rules") ? new Reply(200, Map.of(), rules, Duration.ZERO) : Reply.ok());
    Moesif moesif = sdk(collector.baseUri(), b -> b);
    // The rules were fetched and used (their plain fields), so the typed payloads were read too.
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      Exchange e = moesif.captureEngine().startIncoming(FakeHttp.request("GET", "http://api.test/x"));
      return e != null && e.extraResponseHeaders().contains(Map.entry("X-Typed", "inert"));
    });
    assertThat(Canary.touched).isFalse();

    // The one mapper the SDK has never binds a type id, whatever it is asked to read into.
    assertThat(Json.MAPPER.readValue(config, Object.class)).isInstanceOf(Map.class);
    assertThat(Json.MAPPER.readValue(rules, Object.class)).isInstanceOf(List.class);
    assertThat(Json.MAPPER.readValue("[\"" + canary + "\",{\"value\":\"x\"}]", Object.class)).isInstanceOf(List.class);
    assertThat(Canary.touched).isFalse();
  }

  @Test
  void outgoingCallsToTheCollectorAreNeverCaptured() {
    String base = collector.baseUri() + "/proxy/moesif/";
    Moesif moesif = sdk(URI.create(base), b -> b.captureOutgoingRequests(true));
    String authority = collector.baseUri().getAuthority();
    for (String own : List.of(
        base + "v1/events/batch",
        "http://" + authority + "/proxy/moesif",
        "HTTP://" + authority.toUpperCase(java.util.Locale.ROOT) + "/proxy/moesif/v1/config",
        "http://" + authority + "/proxy/moesif?x=1")) {
      assertThat(moesif.captureEngine().startOutgoing(FakeHttp.request("POST", own))).as(own).isNull();
    }
    for (String other : List.of(
        "http://" + authority + "/proxy/moesifX/v1/events",
        "http://" + authority + "/proxy/v1/events",
        "https://" + authority + "/proxy/moesif/v1/events",
        "http://api.test/proxy/moesif/v1/events")) {
      assertThat(moesif.captureEngine().startOutgoing(FakeHttp.request("POST", other))).as(other).isNotNull();
    }
    // The default port spelled out is the same collector (loopback: nothing here leaves the machine).
    Moesif defaultPort = sdk(URI.create("http://127.0.0.1/collector"), b -> b.captureOutgoingRequests(true));
    assertThat(defaultPort.captureEngine().startOutgoing(FakeHttp.request("POST", "http://127.0.0.1:80/collector/v1/events"))).isNull();
    assertThat(defaultPort.captureEngine().startOutgoing(FakeHttp.request("POST", "http://127.0.0.1:8080/collector/v1/events"))).isNotNull();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
