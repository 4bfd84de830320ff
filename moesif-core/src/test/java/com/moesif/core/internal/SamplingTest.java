package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** collector-api.md §6: the rate for one event, first that applies, and its weight. */
class SamplingTest {

  private static ServerConfig config(String json) throws Exception {
    JsonNode root = Json.MAPPER.readTree(json);
    return ServerConfig.parse(root, "etag");
  }

  private static final String CONFIG =
      """
      {"sample_rate": 40,
       "user_sample_rate": {"u-rare": 10, "u-full": 100},
       "company_sample_rate": {"c-half": 50},
       "regex_config": [
         {"conditions": [{"path": "request.verb", "value": "DELETE"}], "sample_rate": 5},
         {"conditions": [{"path": "request.route", "value": "^/health"}, {"path": "response.status", "value": "^2"}], "sample_rate": 0},
         {"conditions": [{"path": "request.ip_address", "value": "^10\\\\."}], "sample_rate": 70},
         {"conditions": [{"path": "request.nonsense", "value": ".*"}], "sample_rate": 1}
       ]}
      """;

  @ParameterizedTest(name = "{0} {1} ip={2} status={3} user={4} company={5} -> {6}")
  @CsvSource(
      nullValues = "null",
      value = {
        // regex rule wins over everything
        "DELETE, /items/1, 1.2.3.4, 200, u-rare, c-half, 5",
        // all conditions of an entry must match: /health with a 2xx -> 0, with a 5xx -> next precedence
        "GET, /health, 1.2.3.4, 200, null, null, 0",
        "GET, /health, 1.2.3.4, 503, null, null, 40",
        // regex search, not full match
        "GET, /v1/health, 1.2.3.4, 200, null, null, 40",
        "GET, /x, 10.0.0.7, 200, u-rare, null, 70",
        // a condition on an unknown path never matches
        "GET, /x, 1.2.3.4, 200, null, null, 40",
        // user before company before default
        "GET, /x, 1.2.3.4, 200, u-rare, c-half, 10",
        "GET, /x, 1.2.3.4, 200, u-full, c-half, 100",
        "GET, /x, 1.2.3.4, 200, u-unknown, c-half, 50",
        "GET, /x, 1.2.3.4, 200, null, c-other, 40",
        // no ip: ip conditions cannot match
        "GET, /x, null, 200, null, null, 40",
      })
  void precedence(String verb, String path, String ip, int status, String user, String company, double expected)
      throws Exception {
    assertThat(config(CONFIG).sampleRate(verb, path, ip, status, user, company)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 100", "33, 3", "50, 2", "100, 1", "70, 1", "12.5, 8"})
  void weight(double rate, int weight) {
    assertThat(ServerConfig.weight(rate)).isEqualTo(weight);
  }

  @Test
  void defaultKeepsEverythingAndEmptyConfigToo() throws Exception {
    assertThat(ServerConfig.DEFAULT.keepsEverything()).isTrue();
    assertThat(config("{}").keepsEverything()).isTrue();
    assertThat(config("{}").sampleRate("GET", "/", null, 200, null, null)).isEqualTo(100);
    assertThat(config(CONFIG).keepsEverything()).isFalse();
  }

  @Test
  void malformedPartsAreIgnoredNotFatal() throws Exception {
    ServerConfig c =
        config(
            """
            {"sample_rate": "fifty", "user_sample_rate": {"u": 250, "v": 20},
             "regex_config": [{"conditions": [{"path": "request.verb", "value": "(unclosed"}], "sample_rate": 1},
                              {"conditions": "nope", "sample_rate": 3}, {"sample_rate": -4}]}
            """);
    assertThat(c.sampleRate("GET", "/", null, 200, "u", null)).isEqualTo(3); // empty conditions: vacuous match
    assertThat(c.sampleRate("GET", "/", null, 200, "v", null)).isEqualTo(3);
  }

  @Test
  void aRuleThatCannotBeDecidedWithinTheBudgetKeepsTheEvent() throws Exception {
    ServerConfig c =
        config(
            """
            {"sample_rate": 0,
             "regex_config": [{"conditions": [{"path": "request.route", "value": "(a|b)*$"}], "sample_rate": 0},
                              {"conditions": [{"path": "request.verb", "value": "GET"}], "sample_rate": 0}]}
            """);
    String path = "/" + "ab".repeat(2000) + "!";
    BoundedRegex.Budget budget = new BoundedRegex.Budget();
    assertThat(c.sampleRate("GET", path, null, 200, null, null, budget)).isEqualTo(100);
    assertThat(budget.exhausted()).isTrue();
    // Decidable input: the same rules sample it out.
    assertThat(c.sampleRate("GET", "/ab", null, 200, null, null)).isEqualTo(0);
  }

  @Test
  void notAnObjectIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
