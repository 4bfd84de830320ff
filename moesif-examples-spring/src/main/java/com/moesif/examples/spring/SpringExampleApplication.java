package com.moesif.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot 3 application captured by Moesif: {@link MoesifConfiguration} registers the
 * servlet filter and an outgoing {@code RestClient}, {@link ExampleController} serves a few routes.
 * By default it sends to the local collector ({@code application.properties}); {@code
 * MOESIF_APPLICATION_ID} and {@code MOESIF_BASE_URI} point it at Moesif.
 */
@SpringBootApplication
public class SpringExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SpringExampleApplication.class, args);
  }
}
