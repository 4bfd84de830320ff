package com.moesif.spring;

import com.moesif.core.Moesif;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * An Actuator health contributor named {@code moesif} when Actuator is present: always {@code UP}
 * with the details of the SDK's delivery (see the starter's README). {@code
 * management.health.moesif.enabled=false} removes it.
 */
@AutoConfiguration(after = MoesifAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Moesif.class)
@ConditionalOnEnabledHealthIndicator("moesif")
public final class MoesifHealthAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean(name = "moesifHealthIndicator")
  HealthIndicator moesifHealthIndicator(Moesif moesif) {
    return new MoesifHealthIndicator(moesif);
  }
}
