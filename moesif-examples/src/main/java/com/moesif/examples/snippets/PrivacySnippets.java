package com.moesif.examples.snippets;

import com.moesif.core.MoesifConfig;

/** Masking: the default masks, more names, and a {@code maskEvent} hook for what they do not cover. */
final class PrivacySnippets {
  private PrivacySnippets() {}

  static MoesifConfig masked() {
    // snippet: docs/privacy.md
    MoesifConfig config = MoesifConfig.builder()
        .applicationId("your-application-id")
        // on by default: credential headers, secret query parameters and body fields, card numbers
        .maskHeaders("X-Session-Key")             // more headers
        .maskBodyFields("ssn", "date_of_birth")   // more fields: JSON at any depth, forms, query strings
        .maskEvent(event -> event.toBuilder()
            .request(event.request().toBuilder()
                // an XML body is neither JSON nor a form, so field masks cannot reach into it
                .body(event.request().uri().endsWith("/soap/login") ? null : event.request().body())
                .build())
            .build())
        .build();
    // end snippet
    return config;
  }
}
