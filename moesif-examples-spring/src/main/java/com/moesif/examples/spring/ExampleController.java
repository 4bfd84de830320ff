package com.moesif.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** A few routes of the example API, the Spring way. */
@RestController
class ExampleController {
  private final RestClient restClient;

  ExampleController(RestClient restClient) {
    this.restClient = restClient;
  }

  @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
  String hello() {
    return "Hello, world";
  }

  @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> echo(@RequestBody Map<String, Object> body) {
    return body;
  }

  @GetMapping("/users/{id}")
  Map<String, Object> user(@PathVariable("id") String id) {
    return Map.of("id", id, "name", "Example User " + id, "plan", "free");
  }

  /** Calls {@code GET /hello} on this same server through the captured {@link RestClient}. */
  @GetMapping("/outgoing")
  ResponseEntity<Map<String, Object>> outgoing(HttpServletRequest request) {
    String target = "http://127.0.0.1:" + request.getLocalPort() + "/hello";
    ResponseEntity<String> answer = restClient.get().uri(target).retrieve().toEntity(String.class);
    return ResponseEntity.ok(
        Map.of("called", "GET " + target, "status", answer.getStatusCode().value(), "body", String.valueOf(answer.getBody())));
  }
}
