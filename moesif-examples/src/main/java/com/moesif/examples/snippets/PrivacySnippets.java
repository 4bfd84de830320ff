package com.moesif.examples.snippets;

import com.moesif.core.MoesifConfig;

/** Masking: the built-in masks and a {@code maskEvent} hook for what they do not cover. */
final class PrivacySnippets {
  private PrivacySnippets() {}

  static MoesifConfig masked() {
    // snippet: docs/privacy.md
    MoesifConfig config = MoesifConfig.builder()
        .applicationId("your-application-id")
        .maskRecommended()                        // Authorization, Cookie, password, access_token, ...
        .maskBodyFields("ssn", "card_number")     // more JSON fields, at any depth
        .maskEvent(event -> event.toBuilder()
            .request(event.request().toBuilder()
                // query strings are sent as received
                .uri(event.request().uri().replaceAll("([?&]api_key=)[^&]*", "$1*****"))
                // a form post is not JSON, so field masks cannot reach into it: drop its body
                .body(event.request().uri().endsWith("/login") ? null : event.request().body())
                .build())
            .build())
        .build();
    // end snippet
    return config;
  }
}
