package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.adapter.BlockResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** collector-api.md §7, table-driven over rule type × applied_to × identified/unidentified. */
class GovernanceRulesTest {

  /** The docs' example: a user rule answering 429 with {{1}} in a header and in a nested body string. */
  static final String RULES =
      """
      [
       {"_id": "user-quota", "name": "Monthly quota", "type": "user", "block": true, "applied_to": "matching",
        "applied_to_unidentified": false,
        "regex_config": [{"conditions": [{"path": "request.route", "value": "^/api/"}]}],
        "response": {"status": 429, "headers": {"X-Rate-Limit-Month": "{{1}}"},
                     "body": {"error": {"message": "Quota of {{1}} reached for plan {{plan}}", "codes": ["{{1}}", 7]}}}},
       {"_id": "user-not-listed", "type": "user", "block": false, "applied_to": "not_matching",
        "regex_config": [], "response": {"headers": {"X-Upgrade": "please"}}},
       {"_id": "anon-users", "type": "user", "block": true, "applied_to": "matching", "applied_to_unidentified": true,
        "regex_config": [{"conditions": [{"path": "request.verb", "value": "^POST$"}]}],
        "response": {"status": 401, "body": {"error": "sign in"}}},
       {"_id": "company-tag", "type": "company", "block": false, "applied_to": "matching",
        "regex_config": [], "response": {"headers": {"X-Company-Tier": "{{tier}}"}}},
       {"_id": "company-anon", "type": "company", "block": false, "applied_to": "matching", "applied_to_unidentified": true,
        "regex_config": [], "response": {"headers": {"X-Company-Tier": "none"}}},
       {"_id": "graphql-block", "type": "regex", "block": true,
        "regex_config": [{"conditions": [{"path": "request.body.operationName", "value": "^DeleteAll$"}]},
                         {"conditions": [{"path": "request.headers.x-evil", "value": "yes"},
                                         {"path": "request.ip", "value": "^6\\\\.6\\\\."}]}],
        "response": {"status": 403, "headers": {"X-Blocked": "regex"}, "body": {"blocked": true}}},
       {"_id": "broken", "type": "alien"},
       {"_id": "bad-block", "type": "regex", "block": true, "response": {"status": 0}}
      ]
      """;

  static final String CONFIG =
      """
      {"user_rules": {"u-over": [{"rules": "user-quota", "values": {"1": "1000", "plan": "free"}}],
                      "u-listed": [{"rules": "user-not-listed", "values": {}}],
                      "u-dangling": [{"rules": "no-such-rule", "values": {"1": "x"}}, {"rules": "user-quota", "values": {}}]},
       "company_rules": {"c-gold": [{"rules": "company-tag", "values": {"tier": "gold"}}]}}
      """;

  private static GovernanceRules rules() throws Exception {
    return GovernanceRules.parse(Json.MAPPER.readTree(RULES), "t1");
  }

  private static ServerConfig config() throws Exception {
    return ServerConfig.parse(Json.MAPPER.readTree(CONFIG), "e1");
  }

  private static GovernanceRules.Decision eval(
      String verb, String route, @Nullable String user, @Nullable String company, Map<String, String> headers,
      @Nullable String body, String ip) throws Exception {
    JsonNode bodyNode = body == null ? null : Json.MAPPER.readTree(body);
    GovernanceRules.Input input =
        new GovernanceRules.Input(verb, route, ip, name -> headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null),
            bodyNode, user, company);
    return rules().evaluate(input, config());
  }

  private static GovernanceRules.Decision eval(String verb, String route, @Nullable String user, @Nullable String company)
      throws Exception {
    return eval(verb, route, user, company, Map.of(), null, "1.2.3.4");
  }

  private static Map<String, String> headers(GovernanceRules.Decision d) {
    java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
    d.headers().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  @Test
  void userRuleBlocksWithMergeTagsInHeadersAndNestedBodyStrings() throws Exception {
    GovernanceRules.Decision d = eval("GET", "/api/items?x=1", "u-over", "c-gold");
    BlockResponse block = d.block();
    assertThat(block).isNotNull();
    assertThat(block.status()).isEqualTo(429);
    assertThat(block.ruleId()).isEqualTo("user-quota");
    assertThat(block.headers()).extracting(Map.Entry::getKey, Map.Entry::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("X-Rate-Limit-Month", "1000"),
            org.assertj.core.groups.Tuple.tuple("X-Company-Tier", "gold"),
            org.assertj.core.groups.Tuple.tuple("Content-Type", "application/json"));
    assertThat(new String(block.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":{\"message\":\"Quota of 1000 reached for plan free\",\"codes\":[\"1000\",7]}}");
  }

  @Test
  void userRuleConditionsMustMatch() throws Exception {
    assertThat(eval("GET", "/other", "u-over", null).block()).isNull();
  }

  @ParameterizedTest(name = "user={0} verb={1} -> block={2} headers={3}")
  @CsvSource(
      nullValues = "null",
      value = {
        // unidentified: only applied_to_unidentified rules (anon-users on POST), not_matching rules do not apply
        "null, POST, anon-users, X-Company-Tier=none",
        "null, GET, null, X-Company-Tier=none",
        // identified but not listed for user-not-listed: that not_matching rule applies
        "u-other, GET, null, X-Company-Tier=none;X-Upgrade=please",
        // listed for user-not-listed: it does not apply
        "u-listed, GET, null, X-Company-Tier=none",
        // a cohort entry naming a missing rule is skipped, the others still count (no values: UNKNOWN)
        "u-dangling, GET, user-quota, X-Company-Tier=none;X-Upgrade=please;X-Rate-Limit-Month=UNKNOWN",
      })
  void userCohorts(String user, String verb, String blockedBy, String expectedHeaders) throws Exception {
    GovernanceRules.Decision d = eval(verb, "/api/x", user, null);
    assertThat(d.block() == null ? null : d.block().ruleId()).isEqualTo(blockedBy);
    java.util.LinkedHashMap<String, String> expected = new java.util.LinkedHashMap<>();
    for (String pair : expectedHeaders.split(";")) {
      String[] kv = pair.split("=");
      expected.put(kv[0], kv[1]);
    }
    assertThat(headers(d)).isEqualTo(expected);
  }

  @Test
  void companyRulesForIdentifiedAndUnidentifiedCompanies() throws Exception {
    assertThat(headers(eval("GET", "/x", "u-listed", "c-gold"))).containsEntry("X-Company-Tier", "gold");
    assertThat(headers(eval("GET", "/x", "u-listed", null))).containsEntry("X-Company-Tier", "none");
    // identified but in no cohort: the matching rule does not apply, the unidentified one neither
    assertThat(headers(eval("GET", "/x", "u-listed", "c-plain"))).doesNotContainKey("X-Company-Tier");
  }

  @Test
  void regexRulesOnBodyFieldAndOnHeadersAndIpGroups() throws Exception {
    GovernanceRules.Decision byBody =
        eval("POST", "/graphql", "u-listed", "c-gold", Map.of(), "{\"operationName\":\"DeleteAll\"}", "1.2.3.4");
    assertThat(byBody.block().ruleId()).isEqualTo("graphql-block");
    assertThat(byBody.block().status()).isEqualTo(403);
    // second group: header AND ip
    assertThat(eval("GET", "/", "u-listed", "c-gold", Map.of("X-Evil", "yes"), null, "6.6.6.6").block().ruleId())
        .isEqualTo("graphql-block");
    assertThat(eval("GET", "/", "u-listed", "c-gold", Map.of("X-Evil", "yes"), null, "7.7.7.7").block()).isNull();
    // a missing field does not match
    assertThat(eval("POST", "/graphql", "u-listed", "c-gold", Map.of(), "[1]", "1.2.3.4").block()).isNull();
  }

  @Test
  void severalBlockingRulesTheLaterWinsAndHeadersMerge() throws Exception {
    GovernanceRules.Decision d =
        eval("POST", "/api/x", "u-over", "c-gold", Map.of(), "{\"operationName\":\"DeleteAll\"}", "1.2.3.4");
    assertThat(d.block().ruleId()).isEqualTo("user-quota"); // user rules come after regex rules
    assertThat(headers(d)).containsEntry("X-Blocked", "regex").containsEntry("X-Rate-Limit-Month", "1000");
  }

  @Test
  void malformedRulesAreSkippedAndTheRestStillApply() throws Exception {
    GovernanceRules parsed = rules();
    assertThat(parsed.isEmpty()).isFalse();
    assertThat(parsed.needsBody()).isTrue();
    assertThat(GovernanceRules.parse(Json.MAPPER.readTree("[{\"type\":\"user\"}]"), null).isEmpty()).isTrue();
  }

  /**
   * ((a+)+)\1$ backtracks exponentially (its back-reference defeats java.util.regex's memo of
   * loop positions, which makes a plain (a+)+$ cheap): without the budget this test would not end,
   * and the separate-thread timeout ends it as a failure.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void catastrophicBacktrackingIsBoundedAndCountsAsNoMatch() throws Exception {
    GovernanceRules evil =
        GovernanceRules.parse(
            Json.MAPPER.readTree(
                "[{\"_id\":\"evil\",\"type\":\"regex\",\"block\":true,\"response\":{\"status\":400},"
                    + "\"regex_config\":[{\"conditions\":[{\"path\":\"request.route\",\"value\":\"^((a+)+)\\\\1$\"}]}]}]"),
            null);
    String attack = "/" + "a".repeat(5000) + "!";
    BoundedRegex.Budget budget = new BoundedRegex.Budget();
    GovernanceRules.Decision d =
        evil.evaluate(new GovernanceRules.Input("GET", attack.substring(1), null, n -> null, null, null, null),
            ServerConfig.DEFAULT, budget);
    assertThat(d.block()).isNull();
    assertThat(budget.exhausted()).as("the match ran out of budget").isTrue();
    assertThat(budget.used()).isLessThanOrEqualTo(BoundedRegex.REQUEST_BUDGET);
    assertThat(evil.evaluate(new GovernanceRules.Input("GET", "aaaa", null, n -> null, null, null, null),
        ServerConfig.DEFAULT).block()).isNotNull();
  }

  @Test
  void mergeTagsWithoutValuesBecomeUnknown() {
    assertThat(GovernanceRules.replaceTags("a {{x}} b {{ y }} {{x}}", Map.of("y", "Y")))
        .isEqualTo("a UNKNOWN b Y UNKNOWN");
    assertThat(GovernanceRules.replaceTags("$1 {{v}}", Map.of("v", "$2\\"))).isEqualTo("$1 $2\\");
  }

  @Test
  void noRulesNoDecision() throws Exception {
    assertThat(GovernanceRules.NONE.isEmpty()).isTrue();
    assertThat(eval("GET", "/x", "u-listed", "c-gold").headers()).isEqualTo(List.of(Map.entry("X-Company-Tier", "gold")));
  }

  @Test
  void blockRulesWithoutAFinalStatusAreRefusedAndRulesCannotSetFramingHeaders() throws Exception {
    for (int status : new int[] {0, 100, 101, 103, 199, 600, 1000}) {
      GovernanceRules refused = GovernanceRules.parse(Json.MAPPER.readTree(
          "[{\"_id\": \"r\", \"type\": \"regex\", \"block\": true, \"response\": {\"status\": " + status + "}}]"), null);
      assertThat(refused.isEmpty()).as("status " + status).isTrue();
    }
    GovernanceRules framing = GovernanceRules.parse(Json.MAPPER.readTree("""
        [{"_id": "r", "type": "regex", "block": true,
          "response": {"status": 200, "body": {"ok": 1},
                       "headers": {"content-length": "0", "Transfer-Encoding": "chunked", "Connection": "close",
                                   "X-Kept": "yes"}}}]
        """), null);
    GovernanceRules.Decision d = framing.evaluate(
        new GovernanceRules.Input("GET", "/", null, name -> null, null, null, null), ServerConfig.DEFAULT);
    assertThat(d.block()).isNotNull();
    assertThat(d.block().headers()).extracting(Map.Entry::getKey).containsExactly("X-Kept", "Content-Type");
    assertThat(headers(d)).containsOnlyKeys("X-Kept");
  }

  @Test
  void theRegexBudgetIsSharedByEveryRuleOfTheRequest() throws Exception {
    StringBuilder json = new StringBuilder("[");
    String group = "{\"conditions\": [{\"path\": \"request.headers.x-long\", \"value\": \"(a+)+$\"}]}";
    for (int i = 0; i < 999; i++) {
      json.append(i == 0 ? "" : ",").append("{\"_id\": \"r").append(i)
          .append("\", \"type\": \"regex\", \"block\": true, \"response\": {\"status\": 403}, \"regex_config\": [")
          .append(String.join(",", java.util.Collections.nCopies(10, group))).append("]}");
    }
    GovernanceRules many = GovernanceRules.parse(Json.MAPPER.readTree(json.append("]").toString()), null);
    String header = "a".repeat(7000) + "!";
    BoundedRegex.Budget budget = new BoundedRegex.Budget();
    GovernanceRules.Decision d = many.evaluate(
        new GovernanceRules.Input("GET", "/", null, name -> name.equals("x-long") ? header : null, null, null, null),
        ServerConfig.DEFAULT, budget);
    assertThat(d.block()).as("undecided rules do not apply").isNull();
    assertThat(budget.exhausted()).isTrue();
    assertThat(budget.used()).isLessThanOrEqualTo(BoundedRegex.REQUEST_BUDGET);
  }
}
