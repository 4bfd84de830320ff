package com.moesif.spring;

import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_DELAY;
import static com.moesif.core.testkit.AbstractServerSuite.HEALTH_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.HELLO;

import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ScenarioStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * A Spring Boot application serving the routes of {@link AbstractServerSuite} with Spring MVC
 * controllers, plus two routes that call out through Spring Boot's {@code RestClient.Builder} and
 * {@code RestTemplateBuilder}. Moesif is whatever the auto-configuration makes of the properties.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ScenarioApplication.Scenarios.class, ScenarioApplication.Outgoing.class})
class ScenarioApplication {

  /** Runs the application on 127.0.0.1 and a free port; {@code args} are {@code --key=value} properties. */
  static ConfigurableApplicationContext run(SpringApplicationBuilder builder, String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--server.port=0";
    all[1] = "--server.address=127.0.0.1";
    all[2] = "--spring.main.banner-mode=off";
    // The suite serves GET /error itself (a handler that throws); Spring Boot's error page moves.
    all[3] = "--server.error.path=/spring-error";
    System.arraycopy(args, 0, all, 4, args.length);
    return builder.sources(ScenarioApplication.class).run(all);
  }

  static ConfigurableApplicationContext run(String... args) {
    return run(new SpringApplicationBuilder(), args);
  }

  static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  @RestController
  static class Scenarios {
    @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
    String hello() {
      return HELLO;
    }

    @GetMapping(path = "/health", produces = MediaType.TEXT_PLAIN_VALUE)
    String health() {
      return HEALTH_BODY;
    }

    @PostMapping("/echo")
    ResponseEntity<byte[]> echo(@RequestBody(required = false) byte[] body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String type) {
      return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type).body(body == null ? new byte[0] : body);
    }

    @PostMapping(path = "/form", produces = MediaType.TEXT_PLAIN_VALUE)
    String form(@RequestParam("name") String name) {
      return "hi " + name;
    }

    @GetMapping("/json")
    ResponseEntity<String> json(@RequestParam("size") int size) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(AbstractServerSuite.jsonOfSize(size));
    }

    @GetMapping("/binary")
    ResponseEntity<byte[]> binary() {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(AbstractServerSuite.binaryBody());
    }

    @GetMapping("/gzip")
    ResponseEntity<byte[]> gzip() {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .header(HttpHeaders.CONTENT_ENCODING, "gzip")
          .body(AbstractServerSuite.gzippedJson());
    }

    @GetMapping("/status/{code}")
    ResponseEntity<String> status(@PathVariable("code") int code) {
      return ResponseEntity.status(code).contentType(MediaType.APPLICATION_JSON).body(AbstractServerSuite.statusBody(code));
    }

    @GetMapping("/users/{id}")
    ResponseEntity<String> user(@PathVariable("id") String id) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(AbstractServerSuite.userBody(id));
    }

    @GetMapping("/stream")
    void stream(HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      OutputStream out = response.getOutputStream();
      ScenarioStream.produce(chunk -> {
        out.write(chunk);
        out.flush();
      });
    }

    @GetMapping("/error")
    String error() {
      throw new RuntimeException("boom");
    }

    @GetMapping("/async")
    CompletableFuture<ResponseEntity<String>> async() {
      return CompletableFuture.supplyAsync(
          () -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ASYNC_BODY),
          CompletableFuture.delayedExecutor(ASYNC_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  /** Calls {@code GET /hello} on this server through clients built the Spring Boot way. */
  @RestController
  static class Outgoing {
    private final RestClient restClient;
    private final RestTemplate restTemplate;

    Outgoing(RestClient.Builder restClients, RestTemplateBuilder restTemplates) {
      this.restClient = restClients.build();
      this.restTemplate = restTemplates.build();
    }

    @GetMapping("/outgoing/rest-client")
    Map<String, String> viaRestClient(@RequestParam("target") String target) {
      return Map.of("answer", String.valueOf(restClient.get().uri(target).retrieve().body(String.class)));
    }

    @GetMapping("/outgoing/rest-template")
    Map<String, String> viaRestTemplate(@RequestParam("target") String target) {
      return Map.of("answer", String.valueOf(restTemplate.getForObject(target, String.class)));
    }
  }
}
