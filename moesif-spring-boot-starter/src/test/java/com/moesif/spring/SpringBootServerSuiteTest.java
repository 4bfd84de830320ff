package com.moesif.spring;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;
import java.net.URI;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server scenarios on a Spring Boot application (Spring MVC on Tomcat) whose filter the
 * starter registered. The suite builds each scenario's SDK (hooks and all), so the application
 * gets it as its {@code Moesif} bean: the starter then creates none of its own and registers the
 * filter over that one.
 */
class SpringBootServerSuiteTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) {
    ConfigurableApplicationContext app =
        ScenarioApplication.run(
            new SpringApplicationBuilder().initializers(context -> context.getBeanFactory().registerSingleton("moesif", moesif)));
    URI base = URI.create("http://127.0.0.1:" + ScenarioApplication.port(app));
    return new ServerHandle() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        app.close();
      }
    };
  }
}
