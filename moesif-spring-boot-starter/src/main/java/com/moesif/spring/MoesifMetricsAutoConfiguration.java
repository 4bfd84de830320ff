package com.moesif.spring;

import com.moesif.core.Moesif;
import com.moesif.micrometer.MoesifMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The SDK's {@code stats()} as Micrometer meters ({@code moesif.*}) when Micrometer is present:
 * Spring Boot binds every {@link MeterBinder} bean to its registries.
 */
@AutoConfiguration(after = MoesifAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, MoesifMetrics.class})
@ConditionalOnBean(Moesif.class)
public final class MoesifMetricsAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  MoesifMetrics moesifMetrics(Moesif moesif) {
    return new MoesifMetrics(moesif);
  }
}
