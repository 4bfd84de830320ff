package com.moesif.examples.snippets;

import com.moesif.core.Moesif;
import com.moesif.core.model.UserModel;
import java.util.List;
import java.util.Map;

/** Users, companies and subscriptions through {@code moesif.api()}. */
final class EntitySnippets {
  private EntitySnippets() {}

  static void update(Moesif moesif) {
    // snippet: README.md moesif-core/README.md
    moesif.api().updateUser(UserModel.builder("12345").companyId("67890").metadata(Map.of("plan", "pro")).build());
    moesif.api().updateCompaniesBatchAsync(List.of(Map.of("company_id", "67890", "company_domain", "acme.com")));
    // end snippet
  }
}
