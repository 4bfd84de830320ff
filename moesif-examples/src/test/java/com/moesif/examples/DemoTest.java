package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run in-process once: collector, every framework example, SDK and
 * traffic. Each test checks one thing the demo promises against what the collector received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private Demo.Result result;
  private String output;

  @BeforeAll
  void runDemo() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    result = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyCapturedCallIsAccountedForAndTheSummarySaysOk() {
    assertThat(result.problems()).as(output).isEmpty();
    assertThat(result.frameworks()).containsExactlyElementsOf(ExampleServer.frameworks());
    assertThat(result.stats().captured()).isEqualTo(result.expectedCaptured());
    assertThat(result.stats().sent() + result.stats().sampledOut()).isEqualTo(result.stats().captured());
    assertThat(result.events()).hasSize((int) result.stats().sent());
    assertThat(output).contains("OK: all " + result.stats().captured() + " captured calls accounted for");
  }

  @Test
  void everyFrameworkAnswersAndReportsTheSameRequests() {
    for (String framework : result.frameworks()) {
      List<String> sent =
          result.sent().stream()
              .filter(s -> s.framework().equals(framework) && !s.target().equals(Demo.SAMPLED_TARGET))
              .map(s -> s.method() + " " + s.target() + " " + s.status())
              .sorted()
              .toList();
      List<String> received =
          incoming(framework).stream()
              .filter(e -> !Demo.target(e).equals(Demo.SAMPLED_TARGET))
              .map(e -> e.path("request").path("verb").asText() + " " + Demo.target(e) + " " + e.path("response").path("status").asInt())
              .sorted()
              .toList();
      // The nested GET /hello that GET /outgoing makes through each client arrives as an incoming event too.
      List<String> expected = new ArrayList<>(sent);
      OutgoingClients.NAMES.forEach(client -> expected.add("GET " + ExampleApi.OUTGOING_TARGET + " 200"));
      assertThat(received).as(framework).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void usersAndCompaniesAreIdentified() {
    for (String framework : result.frameworks()) {
      JsonNode jwtCall = only(framework, "/users/42");
      assertThat(jwtCall.path("user_id").asText()).isEqualTo(Demo.USER_ID);
      assertThat(jwtCall.path("company_id").asText()).isEqualTo(Demo.COMPANY_ID);
      assertThat(only(framework, "/users/7").path("user_id").asText()).isEqualTo("alice");
    }
  }

  @Test
  void theAdminRouteIsBlockedByTheGovernanceRule() {
    for (String framework : result.frameworks()) {
      JsonNode blocked = only(framework, Demo.BLOCKED_PATH);
      assertThat(blocked.path("blocked_by").asText()).isEqualTo(Demo.BLOCK_RULE_ID);
      assertThat(blocked.path("response").path("status").asInt()).isEqualTo(403);
      assertThat(blocked.path("response").path("body").path("error").asText()).contains("admin");
      assertThat(blocked.path("user_id").asText()).isEqualTo("alice");
    }
    assertThat(result.events().stream().filter(e -> e.has("blocked_by")))
        .hasSize(result.frameworks().size());
  }

  @Test
  void theSampledRouteKeepsSomeCallsWithWeight2AndTheRestAreCountedAsSampledOut() {
    List<JsonNode> sampled = result.events().stream().filter(e -> Demo.target(e).equals(Demo.SAMPLED_TARGET)).toList();
    assertThat(sampled).allSatisfy(e -> assertThat(e.path("weight").asInt()).isEqualTo(2));
    assertThat(sampled.size() + result.stats().sampledOut())
        .isEqualTo((long) Demo.SAMPLED_CALLS * result.frameworks().size());
    assertThat(result.events().stream().filter(e -> !Demo.target(e).equals(Demo.SAMPLED_TARGET)))
        .allSatisfy(e -> assertThat(e.path("weight").asInt(1)).isEqualTo(1));
  }

  @Test
  void outgoingCallsOfEveryClientAreCapturedAndShareTheirTransactionIdWithTheCallTheyReached() {
    for (String framework : result.frameworks()) {
      List<JsonNode> outgoing =
          result.events().stream()
              .filter(e -> result.frameworkOf(e).equals(framework) && e.path("direction").asText().equals("Outgoing"))
              .toList();
      assertThat(outgoing).as(framework).hasSameSizeAs(OutgoingClients.NAMES);
      List<String> agents = new ArrayList<>();
      for (JsonNode call : outgoing) {
        assertThat(Demo.target(call)).isEqualTo(ExampleApi.OUTGOING_TARGET);
        assertThat(call.path("response").path("status").asInt()).isEqualTo(200);
        String transactionId = call.path("transaction_id").asText();
        assertThat(transactionId).isNotEmpty();
        // The outgoing request carried X-Moesif-Transaction-Id; the served /hello reused it.
        List<JsonNode> reached =
            incoming(framework).stream().filter(e -> e.path("transaction_id").asText().equals(transactionId)).toList();
        assertThat(reached).extracting(Demo::target).containsExactly(ExampleApi.OUTGOING_TARGET);
        // The User-Agent as the server saw it (the client adds it below the SDK's interceptor).
        agents.add(userAgent(reached.get(0)));
      }
      // One call per client.
      assertThat(agents)
          .as(framework)
          .satisfiesExactlyInAnyOrder(
              agent -> assertThat(agent).startsWith("okhttp/"),
              agent -> assertThat(agent).startsWith("Java-http-client/"),
              agent -> assertThat(agent).startsWith("Apache-HttpClient/"));
      JsonNode answers = only(framework, "/outgoing").path("response").path("body").path("answers");
      assertThat(answers).extracting(a -> a.path("client").asText()).containsExactlyElementsOf(OutgoingClients.NAMES);
      assertThat(answers).allSatisfy(a -> assertThat(a.path("status").asInt()).isEqualTo(200));
    }
  }

  private static String userAgent(JsonNode event) {
    JsonNode headers = event.path("request").path("headers");
    for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equalsIgnoreCase("User-Agent")) {
        return headers.get(name).asText();
      }
    }
    return "";
  }

  @Test
  void userAndCompanyUpdatesReachTheCollector() throws Exception {
    assertThat(result.entities()).containsEntry("user", 1L).containsEntry("company", 1L);
    List<JsonNode> lines =
        Files.readAllLines(dir.resolve("moesif-events.entities.jsonl")).stream().map(DemoTest::parse).toList();
    assertThat(lines).extracting(l -> l.path("_kind").asText()).containsExactlyInAnyOrder("user", "company");
    assertThat(lines)
        .filteredOn(l -> l.path("_kind").asText().equals("user"))
        .singleElement()
        .satisfies(l -> assertThat(l.path("entity").path("company_id").asText()).isEqualTo(Demo.COMPANY_ID));
  }

  @Test
  void theOutputIsPlainAsciiWithATableAndThePathsOfTheFiles() throws Exception {
    assertThat(output.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)))
        .as("plain ASCII output:%n%s", output)
        .isTrue();
    assertThat(output).contains("DIR  METHOD", "FRAMEWORK", "governance", "sampling", "outgoing", "entities");
    assertThat(output).contains(dir.toString(), "moesif-events.jsonl", "event viewer at http://127.0.0.1:");
    assertThat(LocalCollector.readEvents(result.eventsFile())).hasSameSizeAs(result.events());
  }

  private List<JsonNode> incoming(String framework) {
    return result.events().stream()
        .filter(e -> result.frameworkOf(e).equals(framework) && !e.path("direction").asText().equals("Outgoing"))
        .toList();
  }

  private JsonNode only(String framework, String target) {
    List<JsonNode> matching = incoming(framework).stream().filter(e -> Demo.target(e).equals(target)).toList();
    assertThat(matching).as(framework + " " + target).hasSize(1);
    return matching.get(0);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
