package com.moesif.examples.spring;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.jdkhttp.MoesifHttpClient;
import com.moesif.servlet.MoesifFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The whole integration: one SDK bean (closed with the context, which delivers what is queued),
 * the filter in front of everything, and a {@code RestClient} whose calls are captured too.
 */
@Configuration(proxyBeanMethods = false)
public class MoesifConfiguration {

  // snippet: moesif-servlet/README.md moesif-examples-spring/README.md
  @Bean(destroyMethod = "close")
  Moesif moesif(@Value("${moesif.application-id}") String applicationId, @Value("${moesif.base-uri}") URI baseUri) {
    return Moesif.create(MoesifConfig.builder()
        .applyEnvironment()                    // any other MOESIF_* setting, e.g. MOESIF_LOG_BODY=false
        .applicationId(applicationId)
        .baseUri(baseUri)
        .captureOutgoingRequests(true)
        .build());
  }
  // end snippet

  // snippet: README.md moesif-servlet/README.md moesif-examples-spring/README.md
  @Bean
  FilterRegistrationBean<MoesifFilter> moesifFilter(Moesif moesif) {
    FilterRegistrationBean<MoesifFilter> registration = new FilterRegistrationBean<>(new MoesifFilter(moesif));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);  // first: sees the request as the client sent it
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    return registration;
  }
  // end snippet

  // snippet: moesif-examples-spring/README.md
  @Bean
  RestClient restClient(Moesif moesif) {
    HttpClient captured = MoesifHttpClient.wrap(HttpClient.newHttpClient(), moesif);
    return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(captured)).build();
  }
  // end snippet
}
