package com.moesif.examples.spring;

import com.moesif.spring.MoesifConfigCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * A Spring Boot 3 application captured by Moesif through {@code moesif-spring-boot-starter}: the
 * properties in {@code application.properties} are the whole configuration, {@link
 * ExampleController} serves a few routes. By default it sends to the local collector; {@code
 * MOESIF_APPLICATION_ID} and {@code MOESIF_BASE_URI} point it at Moesif.
 */
@SpringBootApplication
public class SpringExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SpringExampleApplication.class, args);
  }

  // snippet: moesif-examples-spring/README.md
  @Bean
  RestClient restClient(RestClient.Builder builder) {
    return builder.build();  // Spring Boot's builder: the starter added Moesif's interceptor to it
  }
  // end snippet

  // snippet: moesif-spring-boot-starter/README.md moesif-examples-spring/README.md
  @Bean
  MoesifConfigCustomizer moesifHooks() {
    return builder -> builder.identifyUser((request, response) -> request.header("X-User-Id"));
  }
  // end snippet
}
