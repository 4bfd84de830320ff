package com.moesif.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of {@code GET /v1/config} (collector-api.md §6 and the cohorts of §7).
 * Readers on the request path get it with one volatile read from {@link ServerConfigRefresher}.
 */
public final class ServerConfig {
  /** Before the first successful fetch: keep everything, no cohorts. */
  public static final ServerConfig DEFAULT =
      new ServerConfig(100, Map.of(), Map.of(), List.of(), Map.of(), Map.of(), null);

  private final double sampleRate;
  private final Map<String, Double> userSampleRates;
  private final Map<String, Double> companySampleRates;
  private final List<SamplingRule> regexConfig;
  private final Map<String, List<CohortEntry>> userRules;
  private final Map<String, List<CohortEntry>> companyRules;
  private final @Nullable String etag;

  ServerConfig(
      double sampleRate,
      Map<String, Double> userSampleRates,
      Map<String, Double> companySampleRates,
      List<SamplingRule> regexConfig,
      Map<String, List<CohortEntry>> userRules,
      Map<String, List<CohortEntry>> companyRules,
      @Nullable String etag) {
    this.sampleRate = sampleRate;
    this.userSampleRates = userSampleRates;
    this.companySampleRates = companySampleRates;
    this.regexConfig = regexConfig;
    this.userRules = userRules;
    this.companyRules = companyRules;
    this.etag = etag;
  }

  /** One entry of {@code regex_config}: all conditions must match. */
  record SamplingRule(List<Condition> conditions, double rate) {}

  /** A {@code path}/{@code value} condition; {@code regex} null means it can never match. */
  record Condition(String path, @Nullable BoundedRegex regex) {}

  /** A cohort membership: the rule it selects and the merge-tag values for this entity. */
  public record CohortEntry(String ruleId, Map<String, String> values) {}

  /**
   * Parses a config body. Malformed parts are skipped (a bad rate, a bad regex); a body that is
   * not a JSON object, or with more than {@link #MAX_SAMPLING_RULES} sampling rules, throws, so
   * the caller keeps its last good snapshot.
   */
  public static ServerConfig parse(JsonNode root, @Nullable String etag) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config is not a JSON object");
    }
    double rate = rate(root.get("sample_rate"), 100);
    return new ServerConfig(
        rate,
        rates(root.get("user_sample_rate")),
        rates(root.get("company_sample_rate")),
        samplingRules(root.get("regex_config")),
        cohorts(root.get("user_rules")),
        cohorts(root.get("company_rules")),
        etag);
  }

  private static double rate(@Nullable JsonNode node, double fallback) {
    if (node == null || !node.isNumber()) {
      return fallback;
    }
    double v = node.asDouble();
    return v >= 0 && v <= 100 ? v : fallback;
  }

  private static Map<String, Double> rates(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, Double> map = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      double v = rate(e.getValue(), -1);
      if (v >= 0) {
        map.put(e.getKey(), v);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Sampling rules are evaluated for every event on the request thread: more (or more conditions
   * than {@link GovernanceRules#MAX_CONDITIONS}) is refused whole.
   */
  static final int MAX_SAMPLING_RULES = 1000;

  private static List<SamplingRule> samplingRules(@Nullable JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    if (node.size() > MAX_SAMPLING_RULES) {
      throw new IllegalArgumentException("more than " + MAX_SAMPLING_RULES + " regex_config entries: " + node.size());
    }
    List<SamplingRule> rules = new ArrayList<>();
    int conditions = 0;
    for (JsonNode entry : node) {
      double r = rate(entry.get("sample_rate"), -1);
      if (r < 0) {
        continue;
      }
      SamplingRule rule = new SamplingRule(conditions(entry.get("conditions")), r);
      conditions += rule.conditions().size();
      if (conditions > GovernanceRules.MAX_CONDITIONS) {
        throw new IllegalArgumentException("more than " + GovernanceRules.MAX_CONDITIONS + " regex_config conditions");
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  static List<Condition> conditions(@Nullable JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<Condition> list = new ArrayList<>();
    for (JsonNode c : node) {
      String path = c.path("path").asText("");
      JsonNode value = c.get("value");
      String regex = value == null || value.isNull() ? null : value.asText();
      list.add(new Condition(path, BoundedRegex.compile(regex)));
    }
    return List.copyOf(list);
  }

  private static Map<String, List<CohortEntry>> cohorts(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, List<CohortEntry>> map = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isArray()) {
        continue;
      }
      List<CohortEntry> entries = new ArrayList<>();
      for (JsonNode item : e.getValue()) {
        JsonNode ruleId = item.get("rules");
        if (ruleId == null || !ruleId.isTextual()) {
          continue;
        }
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode v = item.get("values");
        if (v != null && v.isObject()) {
          v.properties().forEach(f -> values.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
        }
        entries.add(new CohortEntry(ruleId.asText(), Collections.unmodifiableMap(values)));
      }
      map.put(e.getKey(), List.copyOf(entries));
    }
    return Collections.unmodifiableMap(map);
  }

  public @Nullable String etag() {
    return etag;
  }

  public Map<String, List<CohortEntry>> userRules() {
    return userRules;
  }

  public Map<String, List<CohortEntry>> companyRules() {
    return companyRules;
  }

  /** True when every event is kept at weight 1 whatever it is (the common case: skip the work). */
  public boolean keepsEverything() {
    return sampleRate >= 100 && userSampleRates.isEmpty() && companySampleRates.isEmpty() && regexConfig.isEmpty();
  }

  /** The sample rate for one event, by §6's precedence. */
  public double sampleRate(
      String verb, String path, @Nullable String ip, int status, @Nullable String userId, @Nullable String companyId) {
    return sampleRate(verb, path, ip, status, userId, companyId, new BoundedRegex.Budget());
  }

  /**
   * As above, the rules' regexes drawing on the request's {@code budget}. A rule that cannot be
   * decided within it fails open: the event is kept (rate 100, weight 1), since dropping it on a
   * guess would lose it uncounted by anything but sampling.
   */
  public double sampleRate(
      String verb,
      String path,
      @Nullable String ip,
      int status,
      @Nullable String userId,
      @Nullable String companyId,
      BoundedRegex.Budget budget) {
    for (SamplingRule rule : regexConfig) {
      boolean matched = allMatch(rule.conditions(), verb, path, ip, status, budget);
      if (budget.exhausted()) {
        return 100;
      }
      if (matched) {
        return rule.rate();
      }
    }
    if (userId != null) {
      Double r = userSampleRates.get(userId);
      if (r != null) {
        return r;
      }
    }
    if (companyId != null) {
      Double r = companySampleRates.get(companyId);
      if (r != null) {
        return r;
      }
    }
    return sampleRate;
  }

  private static boolean allMatch(
      List<Condition> conditions, String verb, String path, @Nullable String ip, int status, BoundedRegex.Budget budget) {
    for (Condition c : conditions) {
      String value =
          switch (c.path()) {
            case "request.verb" -> verb;
            case "request.route" -> path;
            case "request.ip_address" -> ip;
            case "response.status" -> Integer.toString(status);
            default -> null;
          };
      if (value == null || c.regex() == null || !c.regex().find(value, budget)) {
        return false;
      }
    }
    return true;
  }

  /** {@code weight} for a kept event sampled at {@code rate}. */
  public static int weight(double rate) {
    if (rate <= 0 || rate >= 100) {
      return 1;
    }
    return (int) Math.floor(100 / rate);
  }
}
