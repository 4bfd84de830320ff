package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event viewer in a real browser: headless Chromium loads the local collector's page, and
 * the tests check that events posted to the collector show up in the list, that the filters and
 * the detail pane work, that the charts are drawn, that new events appear without a reload, and
 * that event content is shown as text, never run. A screenshot lands in {@code
 * target/event-viewer.png}.
 *
 * <p>Skipped only on a machine without Chromium that is not CI; on CI ({@code CI=true}) a missing
 * Chromium fails the test, since {@code .ci/run} installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class EventViewerBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String XSS = "<img src=x onerror=\"window.__xss=1\">";
  private static final String ROWS = "document.querySelectorAll('#events tbody tr')";
  private static final String VISIBLE_ROWS = "[..." + ROWS + "].filter(r => !r.hidden)";

  @TempDir static Path dir;

  private LocalCollector collector;
  private HeadlessChromium chromium;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void startCollectorAndBrowser() throws Exception {
    Path binary = HeadlessChromium.find();
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    assumeTrue(binary != null || ci, "no Chromium binary (apt-get install chromium); the test always runs on CI");
    if (binary == null) {
      fail("CI=true but no Chromium found: .ci/run should have installed Debian's chromium");
    }
    collector = LocalCollector.start(0, dir.resolve("events.jsonl"), null, null);
    post(
        event("tx-hello", "Incoming", "GET", "http://127.0.0.1:8080/hello", 200, "alice", "acme", 1, null, "2026-01-02T03:04:05.000Z", 12),
        event("tx-items", "Outgoing", "POST", "https://upstream.example/items?page=2", 201, "alice", null, 1, null, "2026-01-02T03:04:05.100Z", 40),
        event("tx-orders", "Incoming", "POST", "http://127.0.0.1:8080/orders", 503, "bob", "globex", 2, null, "2026-01-02T03:04:06.000Z", 250),
        event("tx-admin", "Incoming", "GET", "http://127.0.0.1:8080/admin/users", 403, XSS, null, 1, "block-admin", "2026-01-02T03:04:06.500Z", 1));
    chromium = HeadlessChromium.launch(binary, Files.createDirectories(dir.resolve("profile")), 1400, 900);
    chromium.open(URI.create(collector.baseUri() + "/"));
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  @Order(1)
  void theListShowsEveryEventWithItsColumnsNewestFirst() throws Exception {
    chromium.awaitTrue(ROWS + ".length === 4", WAIT);

    List<List<String>> rows = rows(ROWS);
    // time (local, so not compared) then direction, method, uri, status, user, company, weight, blocked by
    assertThat(rows).extracting(r -> r.subList(1, r.size()))
        .containsExactly(
            List.of("in", "GET", "/admin/users", "403", XSS, "-", "1", "block-admin"),
            List.of("in", "POST", "/orders", "503", "bob", "globex", "2", "-"),
            List.of("out", "POST", "/items?page=2", "201", "alice", "-", "1", "-"),
            List.of("in", "GET", "/hello", "200", "alice", "acme", "1", "-"));
    assertThat(chromium.eval("document.getElementById('shown').textContent").asText()).isEqualTo("4 of 4 shown");
    // The total comes from /api/stats, fetched after the events.
    chromium.awaitTrue("document.getElementById('total').textContent === '4'", WAIT);
  }

  @Test
  @Order(2)
  void filtersByDirectionStatusAndUser() throws Exception {
    chromium.awaitTrue(ROWS + ".length >= 4", WAIT);

    select("filter-direction", "Outgoing");
    assertThat(uris()).containsExactly("/items?page=2");
    select("filter-direction", "");

    select("filter-status", "5");
    assertThat(uris()).containsExactly("/orders");
    select("filter-status", "2");
    assertThat(uris()).containsExactly("/items?page=2", "/hello");
    select("filter-status", "");

    type("filter-user", "ALI");
    assertThat(uris()).containsExactly("/items?page=2", "/hello");
    select("filter-direction", "Incoming");
    assertThat(uris()).containsExactly("/hello");
    assertThat(chromium.eval("document.getElementById('shown').textContent").asText()).isEqualTo("1 of 4 shown");
    select("filter-direction", "");
    type("filter-user", "");
    assertThat(uris()).hasSize(4);
  }

  @Test
  @Order(3)
  void clickingARowShowsTheFullEventJsonInTheDetailPane() throws Exception {
    chromium.awaitTrue(ROWS + ".length >= 4", WAIT);
    assertThat(chromium.eval("document.getElementById('detail-json').textContent").asText()).isEmpty();

    chromium.eval("[..." + ROWS + "].find(r => r.cells[3].textContent === '/orders').click()");

    JsonNode shown = JSON.readTree(chromium.eval("document.getElementById('detail-json').textContent").asText());
    assertThat(shown.path("transaction_id").asText()).isEqualTo("tx-orders");
    assertThat(shown.path("request").path("body").path("item").asText()).isEqualTo("widget");
    assertThat(shown.path("metadata").path("region").asText()).isEqualTo("eu-west");
    assertThat(chromium.eval("document.querySelector('#events tr.selected').cells[3].textContent").asText()).isEqualTo("/orders");
    assertThat(chromium.eval("document.getElementById('detail-title').textContent").asText()).contains("tx-orders");
  }

  @Test
  @Order(4)
  void chartsAreDrawnFromTheStats() throws Exception {
    chromium.awaitTrue("document.querySelectorAll('#chart-status rect').length === 4", WAIT);

    // Status bars in the order 2xx, 3xx, 4xx, 5xx carry their counts.
    assertThat(chromium.eval("[...document.querySelectorAll('#chart-status rect')].map(r => r.dataset.value).join()").asText())
        .isEqualTo("2,0,1,1");
    assertThat(chromium.eval("document.querySelectorAll('#chart-rate rect').length").asInt()).isEqualTo(2);
    // Latency from request to response time: 1, 12, 40, 250 ms; nearest-rank p50 = 12, max = 250.
    assertThat(chromium.eval("[...document.querySelectorAll('#chart-latency rect')].map(r => r.dataset.value).join()").asText())
        .isEqualTo("12,250,250,250");
  }

  @Test
  @Order(5)
  void eventContentIsShownAsTextAndNeverRuns() throws Exception {
    chromium.awaitTrue(ROWS + ".length >= 4", WAIT);

    assertThat(chromium.eval("typeof window.__xss").asText()).isEqualTo("undefined");
    assertThat(chromium.eval("document.querySelectorAll('#events img, #detail img').length").asInt()).isZero();
    assertThat(rows(ROWS)).anySatisfy(r -> assertThat(r.get(5)).isEqualTo(XSS));
  }

  @Test
  @Order(6)
  void newEventsAppearWithoutAReload() throws Exception {
    chromium.awaitTrue(ROWS + ".length === 4", WAIT);
    chromium.eval("window.__sameDocument = true");

    post(event("tx-late", "Incoming", "DELETE", "http://127.0.0.1:8080/orders/7", 204, "carol", null, 1, null, "2026-01-02T03:04:07.000Z", 3));

    chromium.awaitTrue(ROWS + ".length === 5", WAIT);
    assertThat(rows(ROWS).get(0).subList(1, 5)).containsExactly("in", "DELETE", "/orders/7", "204");
    assertThat(chromium.eval("window.__sameDocument").asBoolean()).isTrue();
    chromium.awaitTrue("document.getElementById('total').textContent === '5'", WAIT);
  }

  @Test
  @Order(7)
  void screenshot() throws Exception {
    chromium.awaitTrue(ROWS + ".length === 5", WAIT);
    chromium.eval("[..." + ROWS + "].find(r => r.cells[3].textContent === '/orders').click()");

    byte[] png = chromium.screenshot();

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    Path out = Files.createDirectories(Path.of("target")).resolve("event-viewer.png");
    Files.write(out, png);
  }

  private void select(String id, String value) throws Exception {
    chromium.eval(
        "(() => { const s = document.getElementById('" + id + "'); s.value = '" + value + "';"
            + " s.dispatchEvent(new Event('change')); })()");
  }

  private void type(String id, String value) throws Exception {
    chromium.eval(
        "(() => { const i = document.getElementById('" + id + "'); i.value = '" + value + "';"
            + " i.dispatchEvent(new Event('input')); })()");
  }

  private List<String> uris() throws Exception {
    List<String> uris = new ArrayList<>();
    rows(VISIBLE_ROWS).forEach(r -> uris.add(r.get(3)));
    return uris;
  }

  private List<List<String>> rows(String rowsExpression) throws Exception {
    JsonNode value =
        chromium.eval("JSON.stringify([..." + rowsExpression + "].map(r => [...r.cells].map(c => c.textContent)))");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : JSON.readTree(value.asText())) {
      List<String> cells = new ArrayList<>();
      row.forEach(c -> cells.add(c.asText()));
      rows.add(cells);
    }
    return rows;
  }

  private void post(String... events) throws Exception {
    String body = "[" + String.join(",", events) + "]";
    HttpRequest request =
        HttpRequest.newBuilder(collector.baseUri().resolve("/v1/events/batch"))
            .header("Content-Type", "application/json; charset=utf-8")
            .header(LocalCollector.APP_ID_HEADER, "browser-test")
            .POST(BodyPublishers.ofString(body))
            .build();
    assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(201);
  }

  private static String event(
      String transactionId, String direction, String verb, String uri, int status, String user,
      String company, int weight, String blockedBy, String time, int millis) throws Exception {
    var event = JSON.createObjectNode();
    var request = event.putObject("request");
    request.put("time", time);
    request.put("uri", uri);
    request.put("verb", verb);
    request.putObject("headers").put("Content-Type", "application/json");
    request.putObject("body").put("item", "widget");
    request.put("transfer_encoding", "json");
    var response = event.putObject("response");
    response.put("time", java.time.Instant.parse(time).plusMillis(millis).toString());
    response.put("status", status);
    event.put("user_id", user);
    if (company != null) {
      event.put("company_id", company);
    }
    event.putObject("metadata").put("region", "eu-west");
    event.put("direction", direction);
    event.put("weight", weight);
    if (blockedBy != null) {
      event.put("blocked_by", blockedBy);
    }
    event.put("transaction_id", transactionId);
    return JSON.writeValueAsString(event);
  }
}
