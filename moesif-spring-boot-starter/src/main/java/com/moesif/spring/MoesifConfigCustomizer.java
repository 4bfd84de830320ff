package com.moesif.spring;

import com.moesif.core.MoesifConfig;

/**
 * Contributes to the configuration of the {@code Moesif} bean the starter creates: define one or
 * more as beans to set hooks ({@code identifyUser}, {@code maskEvent}, {@code skip}, ...) or
 * anything else in code. They run in {@code @Order} order, after the {@code moesif.*} properties
 * were applied, so a customizer wins over a property.
 *
 * <pre>
 * &#64;Bean
 * MoesifConfigCustomizer moesifHooks() {
 *   return builder -&gt; builder.identifyUser((request, response) -&gt; request.header("X-User-Id"));
 * }
 * </pre>
 */
@FunctionalInterface
public interface MoesifConfigCustomizer {
  /**
   * Edits the builder; throwing fails the application's start-up.
   *
   * @param builder the builder, holding the {@code moesif.*} properties
   */
  void customize(MoesifConfig.Builder builder);
}
