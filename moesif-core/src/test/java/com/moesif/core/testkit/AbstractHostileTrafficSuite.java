package com.moesif.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken traffic through an adapter, written once: every incoming adapter's test
 * extends this and implements {@link #startServer(Moesif)} exactly as for {@link
 * AbstractServerSuite}, serving its routes ({@code /echo}, {@code /hello}, {@code /users/{id}})
 * plus two more:
 *
 * <ul>
 *   <li>{@code GET /gzip-bomb}: {@code application/json} with {@code Content-Encoding: gzip},
 *       body {@link #gzipBomb()} (64 MiB of zeros, compressed to 64 KiB)
 *   <li>{@code GET /headers}: {@code text/plain} {@code n=<values> chars=<chars>}: how many header
 *       values the application saw and the total length of their names and values
 * </ul>
 *
 * <p>Two servers run per class: one with the SDK, one with a disabled SDK (the adapter installed,
 * passing everything through untouched), which stands for "the same server without the SDK".
 * Each scenario checks that the application and the client get exactly what they get without
 * the SDK, and that the event is either correct and bounded or absent; no scenario may cause an
 * internal error in the SDK. Body limits are {@value #LIMIT} bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractHostileTrafficSuite {
  public static final int LIMIT = 256 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  /** Rules and sampling config with a catastrophically backtracking pattern, and a marker rule. */
  private static final String RULES =
      """
      [{"_id": "hostile-redos", "type": "regex", "block": true, "applied_to": "matching",
        "regex_config": [{"conditions": [{"path": "request.route", "value": "^/redos/((a+)+)\\\\1$"}]}],
        "response": {"status": 403, "body": {"blocked": true}}},
       {"_id": "hostile-marker", "type": "regex", "block": false, "applied_to": "matching",
        "regex_config": [{"conditions": [{"path": "request.route", "value": "^/hello\\\\?rules$"}]}],
        "response": {"headers": {"X-Hostile-Rules": "loaded"}}}]
      """;
  /**
   * Two sampling rules sample out every {@code /sampling-redos/} call; the first of them cannot be
   * decided within the regex budget, and failing open on it keeps the event (weight 1) instead of
   * passing on to the second.
   */
  private static final String CONFIG =
      """
      {"sample_rate": 100,
       "regex_config": [{"conditions": [{"path": "request.route", "value": "^/redos/((a+)+)\\\\1$"}], "sample_rate": 100},
                        {"conditions": [{"path": "request.route", "value": "^/sampling-redos/"},
                                        {"path": "request.route", "value": "(a|b)*$"}], "sample_rate": 0},
                        {"conditions": [{"path": "request.route", "value": "^/sampling-redos/"}], "sample_rate": 0}]}
      """;
  private static byte @Nullable [] gzipBomb;

  /** The collector double the SDK reports to. */
  protected CollectorDouble collector;
  protected Moesif moesif;
  private Moesif disabled;
  protected ServerHandle server;
  private ServerHandle bare;

  /** Starts the framework with the SDK installed over {@code moesif}, as for the server suite. */
  protected abstract ServerHandle startServer(Moesif moesif) throws Exception;

  /** False only when the framework cannot tell the socket peer (as for the server suite). */
  protected boolean knowsPeerAddress() {
    return true;
  }

  /** Adapter-wide configuration on top of the suite's. */
  protected MoesifConfig.Builder configure(MoesifConfig.Builder builder) {
    return builder;
  }

  /** The {@code /gzip-bomb} body: 64 MiB of zeros gzip'd (about 64 KiB). */
  public static synchronized byte[] gzipBomb() {
    if (gzipBomb == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out, 65536)) {
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < 64; i++) {
          gzip.write(zeros);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      gzipBomb = out.toByteArray();
    }
    return gzipBomb.clone();
  }

  private static Function<CollectorDouble.RecordedRequest, CollectorDouble.Reply> responder() {
    return r -> {
      if (r.method().equals("GET") && r.path().endsWith("/v1/rules")) {
        return new CollectorDouble.Reply(200, Map.of(), RULES, Duration.ZERO);
      }
      if (r.method().equals("GET") && r.path().endsWith("/v1/config")) {
        return new CollectorDouble.Reply(200, Map.of(), CONFIG, Duration.ZERO);
      }
      return CollectorDouble.Reply.ok();
    };
  }

  @BeforeAll
  void startServers() throws Exception {
    collector = CollectorDouble.start();
    collector.respondWith(responder());
    MoesifConfig.Builder builder =
        MoesifConfig.builder()
            .applicationId("hostile-traffic-app")
            .baseUri(collector.baseUri())
            .batchTimeout(Duration.ofMillis(50))
            .requestMaxBodySize(LIMIT)
            .responseMaxBodySize(LIMIT)
            .maxSdkCpuPercent(0) // the scenarios count every event: see SdkFixture#config
            .shutdownHook(false);
    moesif = Moesif.create(configure(builder).build());
    server = startServer(moesif);
    disabled = Moesif.create(configure(builder).enabled(false).build());
    bare = startServer(disabled);
  }

  @AfterAll
  void stopServers() {
    try {
      server.close();
      bare.close();
    } finally {
      moesif.close(Duration.ofSeconds(5));
      disabled.close(Duration.ofSeconds(1));
      collector.close();
    }
  }

  @BeforeEach
  void clearCollector() {
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    collector.reset();
    collector.respondWith(responder());
  }

  @AfterEach
  void noInternalErrors() {
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    MoesifStats stats = moesif.stats();
    assertThat(stats.internalErrors()).as("SDK internal errors: %s", stats.lastError()).isZero();
    assertEveryEventAccountedFor(stats);
    assertThat(stats.failed() + stats.dropped()).as("events lost").isZero();
  }

  /**
   * The accounting identity, which must hold under every fault: every captured event is sent,
   * sampled out, filtered, shed, dropped, failed or still pending, exactly once.
   */
  public static void assertEveryEventAccountedFor(MoesifStats stats) {
    long accounted = stats.sent() + stats.sampledOut() + stats.shed() + stats.filtered() + stats.dropped()
        + stats.failed() + stats.pending();
    assertThat(stats.captured()).as("captured = sent + sampledOut + shed + filtered + dropped + failed + pending in %s", stats)
        .isEqualTo(accounted);
  }

  // ---------------------------------------------------------------- scenarios

  /**
   * The masks are on by default and cannot look inside a JSON body they cannot parse: such a body
   * reaches the app and the client untouched, and the event carries a note instead of its bytes
   * (sending them as base64 would carry whatever the masks exist to remove).
   */
  @Test
  void malformedAndTruncatedJsonIsEchoedAndWithheldFromTheEvent() throws Exception {
    String[] bodies = {"{\"a\": [1, 2,", "{\"a\" 1}", "{\"a\":1}}", "[1, 2, 3", "{\"unterminated\": \"str"};
    long withheldBefore = withheldSoFar();
    for (int i = 0; i < bodies.length; i++) {
      byte[] body = bodies[i].getBytes(StandardCharsets.UTF_8);
      assertEchoed("/echo?malformed=" + i, "application/json", body);
    }
    for (int i = 0; i < bodies.length; i++) {
      JsonNode event = eventFor("/echo?malformed=" + i);
      assertWithheld(event.get("request"), bodies[i].length());
      assertWithheld(event.get("response"), bodies[i].length());
    }
    assertThat(withheldSoFar() - withheldBefore).isEqualTo(2L * bodies.length);
  }

  @Test
  void invalidUtf8InAJsonBodyIsEchoedAndWithheldFromTheEvent() throws Exception {
    byte[] body = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, '(', ' ', (byte) 0xFF, (byte) 0xFE, '"', '}'};
    assertEchoed("/echo?utf8=bad", "application/json; charset=utf-8", body);
    JsonNode event = eventFor("/echo?utf8=bad");
    assertWithheld(event.get("request"), body.length);
    assertWithheld(event.get("response"), body.length);
  }

  /**
   * NULs and BOMs made the JSON parser guess UTF-16 and the event could not be written (fixed):
   * JSON is UTF-8, so other encodings are withheld; a UTF-8 BOM is not an error, the JSON after it is.
   */
  @Test
  void jsonInAnotherEncodingOrWithNulsIsWithheldAndAUtf8BomIsParsed() throws Exception {
    byte[][] bodies = {
      {'\t', 0, '0'},
      "{\"a\":1}".getBytes(StandardCharsets.UTF_16),
      {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
    };
    for (int i = 0; i < bodies.length; i++) {
      assertEchoed("/echo?encoding=" + i, "application/json", bodies[i]);
    }
    for (int i = 0; i < 2; i++) {
      JsonNode event = eventFor("/echo?encoding=" + i);
      assertWithheld(event.get("request"), bodies[i].length);
      assertWithheld(event.get("response"), bodies[i].length);
    }
    JsonNode bom = eventFor("/echo?encoding=2");
    assertThat(bom.at("/request/transfer_encoding").asText()).isEqualTo("json");
    assertThat(bom.at("/request/body")).isEqualTo(MAPPER.createObjectNode());
    assertThat(bom.at("/response/body")).isEqualTo(MAPPER.createObjectNode());
  }

  @Test
  void jsonNested100000DeepIsWithheldWithoutRecursing() throws Exception {
    byte[] body = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
    assertEchoed("/echo?deep", "application/json", body);
    JsonNode event = eventFor("/echo?deep");
    assertWithheld(event.get("request"), body.length);
  }

  @Test
  void binaryWithAJsonContentTypeIsWithheld() throws Exception {
    byte[] body = new byte[4096];
    new Random(42).nextBytes(body);
    assertEchoed("/echo?binary-as-json", "application/json", body);
    JsonNode event = eventFor("/echo?binary-as-json");
    assertWithheld(event.get("request"), body.length);
    assertWithheld(event.get("response"), body.length);
  }

  @Test
  void binaryWithABinaryContentTypeIsSentAsBase64() throws Exception {
    byte[] body = new byte[4096];
    new Random(7).nextBytes(body);
    assertEchoed("/echo?octets", "application/octet-stream", body);
    JsonNode event = eventFor("/echo?octets");
    assertThat(base64(event.get("request"))).isEqualTo(body);
    assertThat(base64(event.get("response"))).isEqualTo(body);
  }

  /**
   * A secret in a JSON body the SDK cannot parse as it stands never reaches the collector: behind
   * a byte-order mark (parsed, then masked), nested deeper than the parser goes, or followed by
   * junk (both withheld), in the request and in the echoed response alike.
   */
  @Test
  void aSecretInJsonWithABomDeepNestingOrTrailingJunkNeverReachesTheCollector() throws Exception {
    String secret = "{\"user\":\"ada\",\"password\":\"hunter2\"}";
    byte[] text = secret.getBytes(StandardCharsets.UTF_8);
    byte[] bom = new byte[text.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bom, 3, text.length);
    Map<String, byte[]> bodies = Map.of(
        "bom", bom,
        "deep", ("[".repeat(300) + secret + "]".repeat(300)).getBytes(StandardCharsets.UTF_8),
        "junk", (secret + " trailing junk").getBytes(StandardCharsets.UTF_8));
    long withheldBefore = withheldSoFar();
    for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
      assertEchoed("/echo?unparsed-" + body.getKey(), "application/json", body.getValue());
    }

    JsonNode masked = eventFor("/echo?unparsed-bom");
    JsonNode expected = MAPPER.readTree("{\"user\":\"ada\",\"password\":\"*****\"}");
    assertThat(masked.at("/request/body")).isEqualTo(expected);
    assertThat(masked.at("/response/body")).isEqualTo(expected);
    for (String kind : new String[] {"deep", "junk"}) {
      JsonNode event = eventFor("/echo?unparsed-" + kind);
      assertWithheld(event.get("request"), bodies.get(kind).length);
      assertWithheld(event.get("response"), bodies.get(kind).length);
    }
    assertThat(withheldSoFar() - withheldBefore).isEqualTo(4);
    for (CollectorDouble.RecordedRequest sent : collector.requests()) {
      assertThat(new String(sent.decodedBody(), StandardCharsets.UTF_8)).doesNotContain("hunter2");
    }
  }

  @Test
  void fiftyMegabytesStreamThroughWholeAndTheEventHasTheOverLimitNote() throws Exception {
    long size = 50L * 1024 * 1024;
    HttpRequest request =
        HttpRequest.newBuilder(uri(server, "/echo?fifty-mb"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/octet-stream")
            // a known length, streamed from a generator: the test never holds 50 MB either
            .POST(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size)), size))
            .build();
    HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    Digest received = Digest.of(response.body());
    assertThat(received).isEqualTo(Digest.of(new PatternStream(size)));

    JsonNode event = eventFor("/echo?fifty-mb");
    String note = "body of " + size + " bytes exceeds the capture limit of " + LIMIT + " bytes";
    assertThat(event.at("/request/body/msg").asText()).isEqualTo(note);
    assertThat(event.at("/response/body/msg").asText()).isEqualTo(note);
    assertThat(event.toString().length()).isLessThan(10_000);
  }

  @Test
  void chunkedUploadsAreCapturedWholeOrWithTheNote() throws Exception {
    byte[] small = ("{\"chunked\":\"" + "c".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] large = new byte[300 * 1024];
    new Random(7).nextBytes(large);
    for (byte[] body : List.of(small, large)) {
      String path = "/echo?chunked=" + body.length;
      HttpRequest request =
          HttpRequest.newBuilder(uri(server, path))
              .timeout(TIMEOUT)
              .header("Content-Type", body == small ? "application/json" : "application/octet-stream")
              // ofInputStream has no length: the client sends Transfer-Encoding: chunked
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
              .build();
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(body);
    }
    assertThat(eventFor("/echo?chunked=" + small.length).at("/request/body")).isEqualTo(MAPPER.readTree(small));
    assertThat(eventFor("/echo?chunked=" + large.length).at("/request/body/msg").asText())
        .isEqualTo("body of " + large.length + " bytes exceeds the capture limit of " + LIMIT + " bytes");
  }

  @Test
  void requestGzipBombReachesTheAppUntouchedAndTheEventHasTheNote() throws Exception {
    byte[] bomb = gzipBomb();
    HttpResponse<byte[]> response =
        send(HttpRequest.newBuilder(uri(server, "/echo?request-bomb"))
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bomb); // the app read the compressed bytes, as without the SDK

    JsonNode event = eventFor("/echo?request-bomb");
    assertThat(event.at("/request/body/msg").asText())
        .isEqualTo("body of more than " + LIMIT + " bytes (decompressed) exceeds the capture limit of " + LIMIT + " bytes");
  }

  @Test
  void responseGzipBombReachesTheClientUntouchedAndTheEventHasTheNote() throws Exception {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(server, "/gzip-bomb")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.body()).isEqualTo(gzipBomb());

    JsonNode event = eventFor("/gzip-bomb");
    assertThat(event.at("/response/body/msg").asText())
        .isEqualTo("body of more than " + LIMIT + " bytes (decompressed) exceeds the capture limit of " + LIMIT + " bytes");
  }

  @Test
  void lyingOrMissingContentLengthGetsTheSameAnswerAsWithoutTheSdk() {
    String head = "POST /echo?%s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nConnection: close\r\n";
    byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
    // Claims more than is sent, then the client half-closes: the app's read hits EOF early.
    byte[] longer = RawHttp.request(head.formatted("cl-longer") + "Content-Length: 100\r\n\r\n", ten);
    // Claims less than is sent: the app reads 5 bytes; the rest is not part of this request.
    byte[] shorter = RawHttp.request(head.formatted("cl-shorter") + "Content-Length: 5\r\n\r\n", "01234567890123456789".getBytes(StandardCharsets.US_ASCII));
    // No length and no chunking: the request has no body; the bytes after it are not one.
    byte[] missing = RawHttp.request(head.formatted("cl-missing") + "\r\n", ten);
    List<RawHttp.Response> shortAnswer = assertSameAsWithoutSdk(shorter, true);
    List<RawHttp.Response> longAnswer = assertSameAsWithoutSdk(longer, true);
    List<RawHttp.Response> missingAnswer = assertSameAsWithoutSdk(missing, true);

    assertThat(shortAnswer.get(0).status()).isEqualTo(200);
    assertThat(new String(shortAnswer.get(0).body(), StandardCharsets.US_ASCII)).isEqualTo("01234");
    assertThat(base64(eventFor("/echo?cl-shorter").get("request"))).isEqualTo("01234".getBytes(StandardCharsets.US_ASCII));
    assertThat(missingAnswer.get(0).status()).isEqualTo(200);
    assertThat(eventFor("/echo?cl-missing").get("request").has("body")).isFalse();
    // The early EOF: each runtime answers its own way (Jetty and Tomcat 400, Jersey in a servlet
    // 500, Grizzly closes the connection), the same with and without the SDK. An event, if any,
    // holds what arrived and an error status; on Jetty it says 500 where the client got 400,
    // because the filter ends the call when the chain throws, before the container picks the
    // status of its error page (docs/reliability.md).
    assertThat(longAnswer.isEmpty() || longAnswer.get(0).status() >= 400).as("answer %s", longAnswer).isTrue();
    List<JsonNode> early = eventsFor("/echo?cl-longer");
    assertThat(early).hasSizeLessThanOrEqualTo(1);
    for (JsonNode event : early) {
      JsonNode request = event.get("request");
      if (request.has("body")) {
        // "0" alone is a JSON number; any longer prefix of "0123456789" is not JSON
        byte[] arrived = request.path("transfer_encoding").asText().equals("json")
            ? request.get("body").toString().getBytes(StandardCharsets.US_ASCII)
            : base64(request);
        assertThat(ten).startsWith(arrived);
      }
      assertThat(event.at("/response/status").asInt()).isBetween(400, 599);
    }
  }

  @Test
  void manyHeadersReachTheAppAndTheEvent() throws Exception {
    StringBuilder head = new StringBuilder("GET /headers?many HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    // 90: Tomcat refuses more than 100 headers by default (maxHeaderCount), with or without us.
    for (int i = 0; i < 90; i++) {
      head.append("X-H-").append(i).append(": v").append(i).append("\r\n");
    }
    List<RawHttp.Response> answer = assertSameAsWithoutSdk(RawHttp.request(head + "\r\n", new byte[0]), false);
    assertThat(answer.get(0).status()).isEqualTo(200);
    assertThat(new String(answer.get(0).body(), StandardCharsets.US_ASCII)).startsWith("n=92 ");
    JsonNode headers = eventFor("/headers?many").at("/request/headers");
    for (int i = 0; i < 90; i++) {
      assertThat(header(headers, "X-H-" + i)).isEqualTo("v" + i);
    }
  }

  @Test
  void thousandsOfHeadersOrAMegabyteValueAreTheContainersCallAsWithoutTheSdk() {
    long capturedBefore = capturedSoFar();
    StringBuilder head = new StringBuilder("GET /headers?thousands HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (int i = 0; i < 5000; i++) {
      head.append("X-Header-Number-").append(i).append(": value-").append(i).append("\r\n");
    }
    List<RawHttp.Response> thousands = assertSameAsWithoutSdk(RawHttp.request(head + "\r\n", new byte[0]), false);
    String huge = "GET /headers?huge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: " + "b".repeat(1 << 20) + "\r\n\r\n";
    List<RawHttp.Response> megabyte = assertSameAsWithoutSdk(RawHttp.request(huge, new byte[0]), false);
    String jwt = "GET /hello?huge-jwt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
        + jwtOf("{\"sub\":\"" + "u".repeat(1 << 20) + "\"}") + "\r\n\r\n";
    List<RawHttp.Response> hugeJwt = assertSameAsWithoutSdk(RawHttp.request(jwt, new byte[0]), false);
    // Both containers refuse these heads (431 or 400) before any filter runs, with or without
    // the SDK: the SDK never sees the calls, so there is no event.
    for (List<RawHttp.Response> answer : List.of(thousands, megabyte, hugeJwt)) {
      assertThat(answer).as("the container's answer").isNotEmpty();
      assertThat(answer.get(0).status()).as("the container's answer").isBetween(400, 499);
    }
    assertThat(capturedSoFar()).isEqualTo(capturedBefore);
  }

  @Test
  void malformedForgedAndUnsignedJwtsYieldNoUserId() throws Exception {
    Map<String, String> tokens = new java.util.LinkedHashMap<>();
    tokens.put("two-segments", "Bearer abc.def");
    tokens.put("not-base64", "Bearer !!!.@@@.###");
    tokens.put("payload-not-json", "Bearer " + jwtOf("not json at all"));
    tokens.put("alg-none", "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"admin\"}") + ".");
    tokens.put("nested", "Bearer " + jwtOf("{\"sub\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
    tokens.put("sub-object", "Bearer " + jwtOf("{\"sub\":{\"id\":\"x\"}}"));
    for (Map.Entry<String, String> token : tokens.entrySet()) {
      HttpResponse<byte[]> response =
          send(HttpRequest.newBuilder(uri(server, "/hello?jwt=" + token.getKey())).header("Authorization", token.getValue()));
      assertThat(response.statusCode()).as(token.getKey()).isEqualTo(200);
      assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(AbstractServerSuite.HELLO);
    }
    for (String name : tokens.keySet()) {
      JsonNode event = eventFor("/hello?jwt=" + name);
      assertThat(event.has("user_id")).as(name + ": " + event.path("user_id")).isFalse();
    }
    // Large but within the containers' 8 KiB header limit (and the SDK's own 8 KiB token cap).
    String large = "Bearer " + jwtOf("{\"sub\":\"u-large\",\"pad\":\"" + "p".repeat(4000) + "\"}");
    assertThat(send(HttpRequest.newBuilder(uri(server, "/hello?jwt=large")).header("Authorization", large)).statusCode())
        .isEqualTo(200);
    assertThat(eventFor("/hello?jwt=large").path("user_id").asText()).isEqualTo("u-large");
  }

  @Test
  void forgedAndMalformedForwardingHeadersNeverYieldAnInvalidIp() throws Exception {
    Map<String, String[]> cases = new java.util.LinkedHashMap<>();
    cases.put("xff-junk", new String[] {"X-Forwarded-For", "999.1.1.1, [::1, unknown, <script>", "127.0.0.1"});
    cases.put("xff-port", new String[] {"X-Forwarded-For", "203.0.113.9:8080, 10.0.0.1", "203.0.113.9"});
    cases.put("forwarded-junk", new String[] {"Forwarded", "for=\"_gazonk\";proto=http, for=unknown, for=[not-ip]", "127.0.0.1"});
    cases.put("forwarded-v6", new String[] {"Forwarded", "for=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17"});
    cases.put("xff-some-unknown", new String[] {"X-Forwarded-For", "unknown, ".repeat(10) + "198.51.100.4", "198.51.100.4"});
    // Past the resolver's scan bound (64 entries): bounded work, so the socket address is used.
    cases.put("xff-long", new String[] {"X-Forwarded-For", "unknown, ".repeat(500) + "198.51.100.4", "127.0.0.1"});
    cases.put("xff-control", new String[] {"X-Forwarded-For", "1.2.3.4\u0000", "127.0.0.1"});
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      String[] v = c.getValue();
      String head = "GET /hello?ip=" + c.getKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + v[0] + ": " + v[1] + "\r\n\r\n";
      assertSameAsWithoutSdk(RawHttp.request(head, new byte[0]), false);
    }
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      List<JsonNode> events = eventsFor("/hello?ip=" + c.getKey());
      if (c.getKey().equals("xff-control") && events.isEmpty()) {
        continue; // a container may refuse a NUL in a header value (then: no call, no event)
      }
      assertThat(events).as(c.getKey()).hasSize(1);
      String expected = c.getValue()[2];
      if (expected.equals("127.0.0.1") && !knowsPeerAddress()) {
        // Nothing to fall back to, and the forged values are still never taken.
        assertThat(events.get(0).get("request").has("ip_address")).as(c.getKey()).isFalse();
      } else {
        assertThat(events.get(0).at("/request/ip_address").asText()).as(c.getKey()).isEqualTo(expected);
      }
    }
  }

  @Test
  void nonAsciiPathsAndQueriesKeepTheirUriAndTheAppsAnswer() throws Exception {
    String encoded = "/users/caf%C3%A9?q=%E2%9C%93&emoji=%F0%9F%98%80";
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(server, encoded)));
    HttpResponse<byte[]> without = send(HttpRequest.newBuilder(uri(bare, encoded)));
    assertThat(response.statusCode()).isEqualTo(without.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(without.body());
    assertThat(eventFor("/users/caf%C3%A9?").at("/request/uri").asText()).isEqualTo(server.baseUri() + encoded);

    // Raw UTF-8 and invalid escapes in the request line: whatever each container makes of them.
    byte[] rawUtf8 = "GET /users/caf\u00e9?q=\u00fc&x=\u2713 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] badEscapes = "GET /users/%FF%zz?q=%ZZ&r=%C3 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    List<RawHttp.Response> raw = assertSameAsWithoutSdk(rawUtf8, false);
    List<RawHttp.Response> bad = assertSameAsWithoutSdk(badEscapes, false);
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    long served = (raw.get(0).status() == 200 ? 1 : 0) + (bad.get(0).status() == 200 ? 1 : 0);
    // Every call the app served is one event with the URI the container reported (valid JSON text).
    assertThat(collector.events().stream().filter(e -> e.at("/request/uri").asText().contains("/users/")).count())
        .isGreaterThanOrEqualTo(1 + served);
  }

  @Test
  void catastrophicBacktrackingRulesNeverHangTheRequestThread() throws Exception {
    AbstractServerSuite.awaitResponse(
        () -> send(HttpRequest.newBuilder(uri(server, "/hello?rules"))),
        r -> r.headers().firstValue("X-Hostile-Rules").isPresent());
    // ((a+)+)\1$ against 40 a's and a '!' backtracks exponentially without the regex budget (the
    // back-reference defeats java.util.regex's memo of loop positions, which makes a plain (a+)+$
    // cheap). A request thread caught in it would not answer before the raw exchange gives up,
    // and the answers with and without the SDK would differ.
    String path = "/redos/" + "a".repeat(40) + "!";
    List<RawHttp.Response> answer =
        assertSameAsWithoutSdk(RawHttp.request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]), false);
    assertThat(answer.get(0).status()).isNotEqualTo(403); // no match within the budget: not blocked
    assertThat(eventFor(path).has("blocked_by")).isFalse();
  }

  @Test
  void aSamplingRuleThatCannotBeDecidedWithinTheBudgetKeepsTheEventAtWeightOne() throws Exception {
    AbstractServerSuite.awaitResponse(
        () -> send(HttpRequest.newBuilder(uri(server, "/hello?rules"))),
        r -> r.headers().firstValue("X-Hostile-Rules").isPresent());
    // (a|b)*$ over 4,000 characters: past the work budget, and deep enough to exhaust a thread's
    // stack in java.util.regex. Undecided, the rule fails open: the event is kept, at weight 1.
    String path = "/sampling-redos/" + "ab".repeat(2000) + "!";
    List<RawHttp.Response> answer =
        assertSameAsWithoutSdk(RawHttp.request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]), false);
    assertThat(answer).isNotEmpty();
    JsonNode event = eventFor("/sampling-redos/");
    assertThat(event.path("weight").asInt(1)).isEqualTo(1);
    assertThat(event.at("/response/status").asInt()).isEqualTo(answer.get(0).status());
  }

  // ---------------------------------------------------------------- helpers

  private void assertEchoed(String path, String contentType, byte[] body) throws Exception {
    HttpResponse<byte[]> with = send(post(server, path, contentType, body));
    HttpResponse<byte[]> without = send(post(bare, path, contentType, body));
    assertThat(with.statusCode()).as(path).isEqualTo(without.statusCode()).isEqualTo(200);
    assertThat(with.body()).as(path).isEqualTo(without.body()).isEqualTo(body);
  }

  /** Sends the same raw request to both servers; their answers must match in status and body. */
  private List<RawHttp.Response> assertSameAsWithoutSdk(byte[] request, boolean halfClose) {
    List<RawHttp.Response> with = RawHttp.exchange(server.baseUri(), request, halfClose, Duration.ofSeconds(5));
    List<RawHttp.Response> without = RawHttp.exchange(bare.baseUri(), request, halfClose, Duration.ofSeconds(5));
    assertThat(with.stream().map(RawHttp.Response::summary).toList())
        .as("responses with the SDK vs. without")
        .isEqualTo(without.stream().map(RawHttp.Response::summary).toList());
    return with;
  }

  private static HttpRequest.Builder post(ServerHandle target, String path, String contentType, byte[] body) {
    return HttpRequest.newBuilder(uri(target, path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static URI uri(ServerHandle target, String pathAndQuery) {
    return URI.create(target.baseUri() + pathAndQuery);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private long capturedSoFar() {
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    return moesif.stats().captured();
  }

  /** The events whose request URI contains {@code marker}, after a flush. */
  protected List<JsonNode> eventsFor(String marker) {
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode event : collector.events()) {
      if (event.at("/request/uri").asText().contains(marker)) {
        matching.add(event);
      }
    }
    return matching;
  }

  /** The one event whose request URI contains {@code marker}. */
  protected JsonNode eventFor(String marker) {
    await("the event for " + marker).atMost(Duration.ofSeconds(10)).until(() -> !eventsFor(marker).isEmpty());
    List<JsonNode> events = eventsFor(marker);
    assertThat(events).as("events for " + marker).hasSize(1);
    return events.get(0);
  }

  private long withheldSoFar() {
    assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
    return moesif.stats().bodiesWithheld();
  }

  /** The part's body is the note that replaces a body the masks could not parse. */
  private static void assertWithheld(JsonNode part, long bytes) {
    assertThat(part.path("transfer_encoding").asText()).as("transfer_encoding of " + part).isEqualTo("json");
    assertThat(part.at("/body/msg").asText()).startsWith("body of " + bytes + " bytes withheld");
  }

  private static byte[] base64(JsonNode part) {
    assertThat(part.path("transfer_encoding").asText()).as("transfer_encoding of " + part).isEqualTo("base64");
    return Base64.getDecoder().decode(part.get("body").asText());
  }

  private static @Nullable String header(JsonNode headers, String name) {
    for (Map.Entry<String, JsonNode> field : headers.properties()) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String jwtOf(String payload) {
    return b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".c2ln";
  }

  /** A deterministic byte stream of a given length (position-dependent, so a lost chunk shows). */
  static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      long p = position++;
      return (int) ((p * 31 + (p >>> 11)) & 0xff);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        long p = position + i;
        b[off + i] = (byte) (p * 31 + (p >>> 11));
      }
      position += n;
      return n;
    }
  }

  /** Length and SHA-256 of a stream, read to its end. */
  record Digest(long length, String sha256) {
    static Digest of(InputStream in) throws IOException {
      try (in) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        long length = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
          sha.update(buffer, 0, n);
          length += n;
        }
        return new Digest(length, HexFormat.of().formatHex(sha.digest()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
