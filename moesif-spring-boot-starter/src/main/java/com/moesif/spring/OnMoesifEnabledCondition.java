package com.moesif.spring;

import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code moesif.enabled} (or {@code MOESIF_ENABLED}) says false, in the SDK's words
 * ({@code false}, {@code no}, {@code 0}): then nothing of the starter is created, quietly. Any other
 * value matches, so an invalid one fails start-up with the SDK's message naming the key.
 */
final class OnMoesifEnabledCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String value = context.getEnvironment().getProperty(MoesifProperties.PREFIX + ".enabled");
    if (value != null) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      if (v.equals("false") || v.equals("no") || v.equals("0")) {
        return ConditionOutcome.noMatch("moesif.enabled is " + value);
      }
    }
    return ConditionOutcome.match(value == null ? "moesif.enabled is not set" : "moesif.enabled is " + value);
  }
}
