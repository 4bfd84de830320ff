package com.moesif.spring;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.servlet.MoesifFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Moesif for Spring Boot 3: a {@link Moesif} bean configured from the {@code moesif.*} properties
 * and any {@link MoesifConfigCustomizer} beans, closed with the context (which delivers what is
 * queued); the servlet filter, first in the chain; and, when {@code
 * moesif.capture-outgoing-requests=true}, capture of the {@code RestClient} and {@code
 * RestTemplate} clients built from Spring Boot's builders.
 *
 * <p>Each part backs off when the application defines its own: a {@code Moesif} bean, a {@code
 * MoesifFilter} or {@code FilterRegistrationBean<MoesifFilter>} bean. {@code moesif.enabled=false}
 * turns all of it off, quietly.
 */
@AutoConfiguration
@Conditional(OnMoesifEnabledCondition.class)
public final class MoesifAutoConfiguration {
  /** The request attribute Spring MVC records the matched route template under. */
  private static final String SPRING_MVC_ROUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /**
   * The SDK: properties first, then the customizers. The JVM shutdown hook is off unless {@code
   * moesif.shutdown-hook} says otherwise: the context closes the SDK after the web server stopped,
   * so the last requests' events are delivered too.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Moesif moesif(Environment environment, ObjectProvider<MoesifConfigCustomizer> customizers) {
    List<MoesifProperties.Setting> settings = MoesifProperties.bind(environment);
    MoesifConfig.Builder builder = MoesifConfig.builder().shutdownHook(false);
    MoesifProperties.apply(builder, settings);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    MoesifConfig config;
    try {
      config = builder.build();
    } catch (IllegalArgumentException e) {
      // build() only rejects a missing application id: every setter validated its value already.
      throw new MoesifPropertyException(
          "Moesif is enabled but has no application id (moesif.application-id is not set)",
          "Set moesif.application-id (or the MOESIF_APPLICATION_ID environment variable) to the key on the"
              + " Moesif portal's API Keys page, or set moesif.enabled=false to run without Moesif.",
          e);
    }
    return Moesif.create(config, "spring-boot");
  }

  /** The servlet filter, first in the chain, for the {@code REQUEST} dispatch, async supported. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
  static class ServletFilterConfiguration {
    @Bean
    @ConditionalOnMissingBean(value = MoesifFilter.class, parameterizedContainer = FilterRegistrationBean.class)
    FilterRegistrationBean<MoesifFilter> moesifFilter(Moesif moesif) {
      FilterRegistrationBean<MoesifFilter> registration =
          new FilterRegistrationBean<>(new MoesifFilter(moesif, ServletFilterConfiguration::route));
      registration.setName("moesifFilter");
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.setAsyncSupported(true);
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      return registration;
    }

    /** Spring MVC's route template ({@code /users/{id}}) for the hooks' {@code CapturedRequest.route()}. */
    private static @Nullable String route(HttpServletRequest request) {
      Object pattern = request.getAttribute(SPRING_MVC_ROUTE);
      return pattern == null ? null : pattern.toString();
    }
  }

  /** The interceptor, as a bean for clients the application builds by hand. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ClientHttpRequestInterceptor.class)
  static class ClientInterceptorConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MoesifClientHttpRequestInterceptor moesifClientHttpRequestInterceptor(Moesif moesif) {
      return new MoesifClientHttpRequestInterceptor(moesif);
    }
  }

  /** Every {@code RestClient} built from Spring Boot's {@code RestClient.Builder}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({RestClient.class, RestClientCustomizer.class})
  static class RestClientConfiguration {
    @Bean
    RestClientCustomizer moesifRestClientCustomizer(Moesif moesif, ObjectProvider<MoesifClientHttpRequestInterceptor> interceptor) {
      return builder -> {
        if (capturesOutgoing(moesif)) {
          builder.requestInterceptor(interceptor.getObject());
        }
      };
    }
  }

  /** Every {@code RestTemplate} built from Spring Boot's {@code RestTemplateBuilder}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({RestTemplate.class, RestTemplateCustomizer.class})
  static class RestTemplateConfiguration {
    @Bean
    RestTemplateCustomizer moesifRestTemplateCustomizer(Moesif moesif, ObjectProvider<MoesifClientHttpRequestInterceptor> interceptor) {
      return restTemplate -> {
        if (capturesOutgoing(moesif)) {
          restTemplate.getInterceptors().add(interceptor.getObject());
        }
      };
    }
  }

  private static boolean capturesOutgoing(Moesif moesif) {
    return moesif.config().enabled() && moesif.config().captureOutgoingRequests();
  }
}
