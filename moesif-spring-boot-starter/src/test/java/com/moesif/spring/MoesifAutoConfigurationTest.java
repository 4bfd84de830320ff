package com.moesif.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.micrometer.MoesifMetrics;
import com.moesif.servlet.MoesifFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The starter in a real Spring Boot application on a loopback port, configured only by properties
 * (command-line arguments, or environment variables where relaxed binding is the point), sending
 * to a collector double.
 */
class MoesifAutoConfigurationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private CollectorDouble collector;

  @BeforeEach
  void startCollector() {
    collector = CollectorDouble.start();
  }

  @AfterEach
  void stopCollector() {
    collector.close();
  }

  @Test
  void anApplicationConfiguredByPropertiesDeliversItsEvents() throws Exception {
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(
            "--moesif.application-id=starter-test-app",
            "--moesif.base-uri=" + collector.baseUri(),
            "--moesif.event-batch-timeout=0.1",
            "--moesif.log-body=false",
            "--moesif.mask-headers=X-Secret",
            "--moesif.authorization-header-name=X-User,Authorization")) {
      HttpResponse<String> hello =
          http.send(get(app, "/hello").header("X-Secret", "s3cr3t").header("X-User", basic("user-7")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(hello.body()).isEqualTo("Hello, world");
      assertThat(hello.headers().firstValue("X-Moesif-Transaction-Id")).isPresent();
      JsonNode event = collector.awaitEvents(1).get(0);
      assertThat(event.at("/direction").asText()).isEqualTo("Incoming");
      assertThat(event.at("/request/uri").asText()).endsWith("/hello");
      assertThat(header(event.get("request"), "X-Secret")).isEqualTo("*****");
      assertThat(event.at("/user_id").asText()).isEqualTo("user-7");
      assertThat(event.at("/response").has("body")).isFalse();
      assertThat(collector.requests("/v1/events/batch").get(0).header("X-Moesif-Application-Id")).isEqualTo("starter-test-app");
      assertThat(collector.requests("/v1/events/batch").get(0).header("User-Agent")).contains("spring-boot");
      // The properties replaced the SDK's defaults, and the JVM hook is left to Spring's context.
      assertThat(app.getBean(Moesif.class).config().shutdownHook()).isFalse();
      assertThat(app.getBean(Moesif.class).config().logBody()).isFalse();
    }
  }

  @Test
  void environmentVariablesBindThroughRelaxedNames() throws Exception {
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder()
            .initializers(
                context ->
                    context
                        .getEnvironment()
                        .getPropertySources()
                        .replace(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(
                                    "MOESIF_APPLICATION_ID", "from-the-environment",
                                    "MOESIF_BASE_URI", collector.baseUri().toString(),
                                    "MOESIF_EVENT_BATCH_TIMEOUT", "0.1",
                                    "MOESIF_DISABLE_TRANSACTION_ID", "true",
                                    "MOESIF_NOT_A_SETTING", "ignored with a warning"))));
    try (ConfigurableApplicationContext app = ScenarioApplication.run(builder)) {
      HttpResponse<String> hello = http.send(get(app, "/hello").build(), HttpResponse.BodyHandlers.ofString());

      assertThat(hello.headers().firstValue("X-Moesif-Transaction-Id")).isEmpty();
      collector.awaitEvents(1);
      assertThat(collector.requests("/v1/events/batch").get(0).header("X-Moesif-Application-Id")).isEqualTo("from-the-environment");
    }
  }

  @Test
  void outgoingCallsOfRestClientAndRestTemplateAreCapturedWhenAskedFor() throws Exception {
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(
            "--moesif.application-id=starter-test-app",
            "--moesif.base-uri=" + collector.baseUri(),
            "--moesif.event-batch-timeout=0.1",
            "--moesif.capture-outgoing-requests=true")) {
      String target = "http://127.0.0.1:" + ScenarioApplication.port(app) + "/users/42";
      for (String client : List.of("rest-client", "rest-template")) {
        HttpResponse<String> response =
            http.send(get(app, "/outgoing/" + client + "?target=" + target).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(response.body()).path("answer").asText()).isEqualTo("{\"id\":\"42\"}");
      }

      // Per client: its /outgoing/... call, the outgoing GET /users/42 and the /users/42 it reached.
      List<JsonNode> events = collector.awaitEvents(6);
      assertThat(events)
          .extracting(e -> e.path("direction").asText() + " " + URI.create(e.at("/request/uri").asText()).getPath())
          .containsExactlyInAnyOrder(
              "Incoming /outgoing/rest-client", "Outgoing /users/42", "Incoming /users/42",
              "Incoming /outgoing/rest-template", "Outgoing /users/42", "Incoming /users/42");
      JsonNode outgoing = events.stream().filter(e -> e.path("direction").asText().equals("Outgoing")).findFirst().orElseThrow();
      assertThat(outgoing.at("/response/status").asInt()).isEqualTo(200);
      assertThat(outgoing.at("/response/body/id").asText()).isEqualTo("42");
      // The outgoing call carried its transaction id to the server it called.
      String transactionId = outgoing.path("transaction_id").asText();
      assertThat(events)
          .filteredOn(e -> e.path("direction").asText().equals("Incoming") && e.at("/request/uri").asText().endsWith("/users/42"))
          .extracting(e -> e.path("transaction_id").asText())
          .contains(transactionId);
    }
  }

  @Test
  void outgoingCallsPassThroughUncapturedByDefault() throws Exception {
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(
            "--moesif.application-id=starter-test-app",
            "--moesif.base-uri=" + collector.baseUri(),
            "--moesif.event-batch-timeout=0.1")) {
      String target = "http://127.0.0.1:" + ScenarioApplication.port(app) + "/hello";
      http.send(get(app, "/outgoing/rest-client?target=" + target).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(app.getBean(Moesif.class).flush(Duration.ofSeconds(10))).isTrue();
      assertThat(collector.awaitEvents(2)).extracting(e -> e.path("direction").asText()).containsOnly("Incoming");
    }
  }

  @Test
  void aMissingApplicationIdFailsStartUpWithWhatToDo() {
    Throwable failure = catchThrowable(() -> ScenarioApplication.run("--moesif.base-uri=" + collector.baseUri()).close());

    FailureAnalysis analysis = new MoesifFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("no application id").contains("moesif.application-id");
    assertThat(analysis.getAction()).contains("MOESIF_APPLICATION_ID").contains("moesif.enabled=false");
  }

  @Test
  void anInvalidValueFailsStartUpNamingThePropertyAndWhereItWasSet() {
    Throwable failure =
        catchThrowable(() -> ScenarioApplication.run("--moesif.application-id=x-app", "--moesif.batch-size=lots").close());

    FailureAnalysis analysis = new MoesifFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .contains("moesif.batch-size")
        .contains("commandLineArgs")
        .contains("\"lots\"")
        .contains("BATCH_SIZE");
  }

  @Test
  void aMisspelledPropertyFailsStartUpWithTheNearestOne() {
    Throwable failure =
        catchThrowable(() -> ScenarioApplication.run("--moesif.application-id=x-app", "--moesif.log-bodyy=false").close());

    FailureAnalysis analysis = new MoesifFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("moesif.log-bodyy");
    assertThat(analysis.getAction()).contains("did you mean moesif.log-body?");
  }

  @Test
  void aHookGivenAsAPropertyFailsStartUpPointingToTheCustomizer() {
    Throwable failure =
        catchThrowable(() -> ScenarioApplication.run("--moesif.application-id=x-app", "--moesif.identify-user=X-User").close());

    FailureAnalysis analysis = new MoesifFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("moesif.identify-user").contains("IDENTIFY_USER is a hook");
    assertThat(analysis.getAction()).contains("MoesifConfigCustomizer");
  }

  @Test
  void disabledCreatesNothingAndSaysNothing() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(tee(original, printed), true, StandardCharsets.UTF_8));
    try (ConfigurableApplicationContext app = ScenarioApplication.run("--moesif.enabled=false")) {
      HttpResponse<String> hello = http.send(get(app, "/hello").build(), HttpResponse.BodyHandlers.ofString());

      assertThat(hello.statusCode()).isEqualTo(200);
      assertThat(hello.headers().firstValue("X-Moesif-Transaction-Id")).isEmpty();
      assertThat(app.getBeansOfType(Moesif.class)).isEmpty();
      assertThat(app.getBeansOfType(FilterRegistrationBean.class).values())
          .noneMatch(registration -> registration.getFilter() instanceof MoesifFilter);
      assertThat(app.getBeansOfType(MoesifClientHttpRequestInterceptor.class)).isEmpty();
      assertThat(app.getBeansOfType(MoesifMetrics.class)).isEmpty();
      assertThat(app.containsBean("moesifHealthIndicator")).isFalse();
    } finally {
      System.setOut(original);
    }
    assertThat(collector.requests()).isEmpty();
    // The SDK's log lines start with "Moesif:"; the application's own lines may name this module's path.
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("Moesif:");
  }

  @Test
  void theApplicationsOwnMoesifAndFilterWin() throws Exception {
    OwnBeans.collectorUri = collector.baseUri();
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(new SpringApplicationBuilder(OwnBeans.class), "--moesif.application-id=ignored")) {
      http.send(get(app, "/hello").build(), HttpResponse.BodyHandlers.ofString());

      Moesif moesif = app.getBean(Moesif.class);
      assertThat(moesif.config().applicationId()).isEqualTo("own-sdk");
      assertThat(app.getBeansOfType(FilterRegistrationBean.class))
          .hasEntrySatisfying("ownMoesifFilter", registration -> assertThat(registration.getFilter()).isInstanceOf(MoesifFilter.class))
          .allSatisfy((name, registration) -> {
            if (registration.getFilter() instanceof MoesifFilter) {
              assertThat(name).isEqualTo("ownMoesifFilter");
            }
          });
      collector.awaitEvents(1);
      assertThat(moesif.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(collector.events()).hasSize(1);
      assertThat(collector.requests("/v1/events/batch").get(0).header("X-Moesif-Application-Id")).isEqualTo("own-sdk");
    }
  }

  /** An application that makes its own SDK and filter, as the servlet README showed before the starter. */
  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static URI collectorUri;

    @Bean(destroyMethod = "close")
    Moesif ownMoesif() {
      return Moesif.create(
          MoesifConfig.builder()
              .applicationId("own-sdk")
              .baseUri(collectorUri)
              .batchTimeout(Duration.ofMillis(100))
              .shutdownHook(false)
              .build());
    }

    @Bean
    FilterRegistrationBean<MoesifFilter> ownMoesifFilter(Moesif moesif) {
      return new FilterRegistrationBean<>(new MoesifFilter(moesif));
    }
  }

  @Test
  void customizerBeansContributeHooksThatSeeSpringMvcRoutes() throws Exception {
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder()
            .initializers(
                context ->
                    context
                        .getBeanFactory()
                        .registerSingleton(
                            "moesifHooks",
                            (MoesifConfigCustomizer)
                                b ->
                                    b.identifyUser((request, response) -> request.header("X-Account"))
                                        .metadata((request, response) -> Map.of("route", String.valueOf(request.route())))));
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(
            builder,
            "--moesif.application-id=starter-test-app",
            "--moesif.base-uri=" + collector.baseUri(),
            "--moesif.event-batch-timeout=0.1")) {
      http.send(get(app, "/users/42").header("X-Account", "acct-9").build(), HttpResponse.BodyHandlers.ofString());

      JsonNode event = collector.awaitEvents(1).get(0);
      assertThat(event.path("user_id").asText()).isEqualTo("acct-9");
      assertThat(event.at("/metadata/route").asText()).isEqualTo("/users/{id}");
    }
  }

  @Test
  void healthStaysUpAndTellsWhetherUploadsAreAccepted() throws Exception {
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(
            "--moesif.application-id=starter-test-app",
            "--moesif.base-uri=" + collector.baseUri(),
            "--moesif.event-batch-timeout=0.1",
            "--moesif.max-retries=0",
            "--management.endpoint.health.show-details=always")) {
      assertThat(moesifHealth(app).path("status").asText()).isEqualTo("UP");
      assertThat(moesifHealth(app).at("/details/uploads").asText()).isEqualTo("none yet");

      http.send(get(app, "/hello").build(), HttpResponse.BodyHandlers.ofString());
      collector.awaitEvents(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> moesifHealth(app).at("/details/uploads").asText().equals("accepted"));

      collector.respondWith(request -> CollectorDouble.Reply.status(503));
      http.send(get(app, "/hello").build(), HttpResponse.BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(10)).until(() -> moesifHealth(app).at("/details/uploads").asText().equals("failing"));
      JsonNode health = moesifHealth(app);
      assertThat(health.path("status").asText()).isEqualTo("UP");
      assertThat(health.at("/details/failed").asLong()).isPositive();
      assertThat(health.at("/details/collector").asText()).isEqualTo(collector.baseUri().toString());
      assertThat(overallHealth(app)).isEqualTo("UP");
    }
  }

  @Test
  void metersAreBoundToTheApplicationsRegistry() throws Exception {
    try (ConfigurableApplicationContext app =
        ScenarioApplication.run(
            "--moesif.application-id=starter-test-app",
            "--moesif.base-uri=" + collector.baseUri(),
            "--moesif.event-batch-timeout=0.1")) {
      http.send(get(app, "/hello").build(), HttpResponse.BodyHandlers.ofString());
      collector.awaitEvents(1);
      assertThat(app.getBean(Moesif.class).flush(Duration.ofSeconds(10))).isTrue();

      MeterRegistry registry = app.getBean(MeterRegistry.class);
      assertThat(registry.get("moesif.events.captured").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("moesif.events.processed").tag("outcome", "sent").functionCounter().count()).isEqualTo(1);
    }
  }

  private JsonNode moesifHealth(ConfigurableApplicationContext app) throws Exception {
    return JSON.readTree(http.send(get(app, "/actuator/health/moesif").build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private String overallHealth(ConfigurableApplicationContext app) throws Exception {
    return JSON.readTree(http.send(get(app, "/actuator/health").build(), HttpResponse.BodyHandlers.ofString()).body())
        .path("status")
        .asText();
  }

  private static String basic(String user) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":password").getBytes(StandardCharsets.UTF_8));
  }

  private static String header(JsonNode part, String name) {
    for (Map.Entry<String, JsonNode> field : part.path("headers").properties()) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  private static HttpRequest.Builder get(ConfigurableApplicationContext app, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ScenarioApplication.port(app) + path));
  }

  /** Everything written reaches {@code first} and is kept in {@code second} too. */
  private static OutputStream tee(PrintStream first, ByteArrayOutputStream second) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (second) {
          second.write(b);
        }
        first.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (second) {
          second.write(b, off, len);
        }
        first.write(b, off, len);
      }
    };
  }
}
