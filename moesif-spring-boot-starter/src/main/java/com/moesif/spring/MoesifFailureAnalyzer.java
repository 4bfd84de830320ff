package com.moesif.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a configuration failure of the starter into Spring Boot's "APPLICATION FAILED TO START" report. */
final class MoesifFailureAnalyzer extends AbstractFailureAnalyzer<MoesifPropertyException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MoesifPropertyException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
