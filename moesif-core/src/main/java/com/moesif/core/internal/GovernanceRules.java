package com.moesif.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.moesif.core.adapter.BlockResponse;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of {@code GET /v1/rules} and its evaluation (collector-api.md §7): which
 * rules apply to a request, the headers they add, and the response of a blocking rule.
 */
public final class GovernanceRules {
  public static final GovernanceRules NONE = new GovernanceRules(List.of(), null);
  private static final Pattern MERGE_TAG = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*\\}\\}");
  private static final String UNKNOWN = "UNKNOWN";

  /**
   * Headers that frame the message or the connection: the SDK and the container own them on any
   * response the SDK adds headers to or writes (a rule's {@code Content-Length: 0} would cut the
   * block body the SDK writes, and clients fail on the mismatch), so rules cannot set them.
   */
  static final Set<String> FRAMING_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection");

  private final List<Rule> regexRules = new ArrayList<>();
  private final List<Rule> userRules = new ArrayList<>();
  private final List<Rule> companyRules = new ArrayList<>();
  private final Map<String, Rule> byId = new HashMap<>();
  private final boolean needsBody;
  private final @Nullable String tag;

  enum Type {
    REGEX,
    USER,
    COMPANY
  }

  record Rule(
      String id,
      Type type,
      boolean block,
      boolean appliedToMatching,
      boolean appliedToUnidentified,
      List<List<ServerConfig.Condition>> groups,
      int status,
      Map<String, String> headers,
      @Nullable JsonNode body) {}

  private GovernanceRules(List<Rule> rules, @Nullable String tag) {
    boolean body = false;
    for (Rule rule : rules) {
      switch (rule.type()) {
        case REGEX -> regexRules.add(rule);
        case USER -> userRules.add(rule);
        case COMPANY -> companyRules.add(rule);
      }
      byId.put(rule.id(), rule);
      for (List<ServerConfig.Condition> group : rule.groups()) {
        for (ServerConfig.Condition c : group) {
          body |= c.path().startsWith("request.body.");
        }
      }
    }
    this.needsBody = body;
    this.tag = tag;
  }

  /**
   * Every rule is evaluated on the request thread of every call, each condition with its own
   * regex budget: more rules or conditions than these is an error, not a rule set, and is
   * refused whole (the caller keeps its last good copy).
   */
  static final int MAX_RULES = 1000;

  static final int MAX_CONDITIONS = 10_000;

  /**
   * Parses a rules body; malformed rules are skipped. A body that is not an array, or that holds
   * more than {@link #MAX_RULES} rules or {@link #MAX_CONDITIONS} conditions, throws.
   */
  public static GovernanceRules parse(JsonNode root, @Nullable String tag) {
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("rules are not a JSON array");
    }
    if (root.size() > MAX_RULES) {
      throw new IllegalArgumentException("more than " + MAX_RULES + " rules: " + root.size());
    }
    List<Rule> rules = new ArrayList<>();
    int conditions = 0;
    for (JsonNode node : (ArrayNode) root) {
      Rule rule = parseRule(node);
      if (rule != null) {
        for (List<ServerConfig.Condition> group : rule.groups()) {
          conditions += group.size();
        }
        if (conditions > MAX_CONDITIONS) {
          throw new IllegalArgumentException("more than " + MAX_CONDITIONS + " rule conditions");
        }
        rules.add(rule);
      }
    }
    return new GovernanceRules(rules, tag);
  }

  private static @Nullable Rule parseRule(JsonNode node) {
    if (!node.isObject() || !node.path("_id").isTextual()) {
      return null;
    }
    Type type =
        switch (node.path("type").asText("").toLowerCase(Locale.ROOT)) {
          case "regex" -> Type.REGEX;
          case "user" -> Type.USER;
          case "company" -> Type.COMPANY;
          default -> null;
        };
    if (type == null) {
      return null;
    }
    List<List<ServerConfig.Condition>> groups = new ArrayList<>();
    JsonNode regexConfig = node.get("regex_config");
    if (regexConfig != null && regexConfig.isArray()) {
      for (JsonNode group : regexConfig) {
        groups.add(ServerConfig.conditions(group.get("conditions")));
      }
    }
    JsonNode response = node.path("response");
    int status = response.path("status").asInt(0);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    JsonNode h = response.get("headers");
    if (h != null && h.isObject()) {
      h.properties().forEach(e -> {
        if (!FRAMING_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          headers.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
      });
    }
    boolean block = node.path("block").asBoolean(false);
    if (block && (status < 200 || status > 599)) {
      // A blocking rule must give a final answer: a 1xx status is an interim response after
      // which the client waits for one that never comes.
      return null;
    }
    JsonNode body = response.get("body");
    return new Rule(
        node.get("_id").asText(),
        type,
        block,
        !"not_matching".equalsIgnoreCase(node.path("applied_to").asText("matching")),
        node.path("applied_to_unidentified").asBoolean(false),
        List.copyOf(groups),
        status,
        Map.copyOf(headers),
        body == null || body.isNull() ? null : body);
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }

  /** Whether some rule looks at {@code request.body.*} (only then do adapters need a body peek). */
  public boolean needsBody() {
    return needsBody;
  }

  public @Nullable String tag() {
    return tag;
  }

  /** The request fields a condition may name. */
  public record Input(
      String verb,
      String route,
      @Nullable String ip,
      Function<String, @Nullable String> header,
      @Nullable JsonNode body,
      @Nullable String userId,
      @Nullable String companyId) {}

  /**
   * What applies to a request.
   *
   * @param headers headers to add to the response (merge tags replaced), in order
   * @param block the answer of the last applicable blocking rule, or null
   */
  public record Decision(List<Map.Entry<String, String>> headers, @Nullable BlockResponse block) {
    public static final Decision NONE = new Decision(List.of(), null);
  }

  private record Applied(Rule rule, Map<String, String> values) {}

  public Decision evaluate(Input in, ServerConfig config) {
    return evaluate(in, config, new BoundedRegex.Budget());
  }

  /**
   * What applies to a request, its regexes drawing on the request's {@code budget}: a condition
   * left undecided when it runs out does not match (fail open: a rule that cannot be decided
   * neither blocks nor adds headers).
   */
  public Decision evaluate(Input in, ServerConfig config, BoundedRegex.Budget budget) {
    List<Applied> applied = new ArrayList<>();
    for (Rule rule : regexRules) {
      if (matches(rule, in, budget)) {
        applied.add(new Applied(rule, Map.of()));
      }
    }
    cohort(applied, companyRules, Type.COMPANY, in.companyId(), config.companyRules(), in, budget);
    cohort(applied, userRules, Type.USER, in.userId(), config.userRules(), in, budget);
    if (applied.isEmpty()) {
      return Decision.NONE;
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    List<String> order = new ArrayList<>();
    Applied blocking = null;
    for (Applied a : applied) {
      for (Map.Entry<String, String> h : a.rule().headers().entrySet()) {
        if (headers.put(h.getKey(), replaceTags(h.getValue(), a.values())) == null) {
          order.add(h.getKey());
        }
      }
      if (a.rule().block()) {
        blocking = a;
      }
    }
    List<Map.Entry<String, String>> headerList = new ArrayList<>();
    for (String name : order) {
      headerList.add(new AbstractMap.SimpleImmutableEntry<>(name, headers.get(name)));
    }
    if (blocking == null) {
      return new Decision(List.copyOf(headerList), null);
    }
    List<Map.Entry<String, String>> blockHeaders = new ArrayList<>();
    for (Map.Entry<String, String> e : headerList) {
      if (!e.getKey().equalsIgnoreCase("Content-Type")) {
        blockHeaders.add(e);
      }
    }
    blockHeaders.add(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json"));
    JsonNode body = blocking.rule().body();
    byte[] bytes =
        body == null
            ? new byte[0]
            : replaceTagsDeep(body.deepCopy(), blocking.values()).toString().getBytes(StandardCharsets.UTF_8);
    BlockResponse block = new BlockResponse(blocking.rule().status(), blockHeaders, bytes, blocking.rule().id());
    return new Decision(List.copyOf(headerList), block);
  }

  private void cohort(
      List<Applied> applied,
      List<Rule> rulesOfType,
      Type type,
      @Nullable String entityId,
      Map<String, List<ServerConfig.CohortEntry>> cohorts,
      Input in,
      BoundedRegex.Budget budget) {
    if (rulesOfType.isEmpty()) {
      return;
    }
    if (entityId == null) {
      for (Rule rule : rulesOfType) {
        if (rule.appliedToUnidentified() && matches(rule, in, budget)) {
          applied.add(new Applied(rule, Map.of()));
        }
      }
      return;
    }
    List<ServerConfig.CohortEntry> entries = cohorts.getOrDefault(entityId, List.of());
    Set<String> listed = new HashSet<>();
    for (ServerConfig.CohortEntry entry : entries) {
      listed.add(entry.ruleId());
      Rule rule = byId.get(entry.ruleId());
      if (rule != null && rule.type() == type && rule.appliedToMatching() && matches(rule, in, budget)) {
        applied.add(new Applied(rule, entry.values()));
      }
    }
    for (Rule rule : rulesOfType) {
      if (!rule.appliedToMatching() && !listed.contains(rule.id()) && matches(rule, in, budget)) {
        applied.add(new Applied(rule, Map.of()));
      }
    }
  }

  /** OR across groups, AND within one; no groups matches everything. */
  private static boolean matches(Rule rule, Input in, BoundedRegex.Budget budget) {
    if (rule.groups().isEmpty()) {
      return true;
    }
    for (List<ServerConfig.Condition> group : rule.groups()) {
      boolean all = true;
      for (ServerConfig.Condition c : group) {
        String value = field(c.path(), in);
        if (value == null || c.regex() == null || !c.regex().find(value, budget)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String field(String path, Input in) {
    switch (path) {
      case "request.verb":
        return in.verb();
      case "request.route":
        return in.route();
      case "request.ip":
      case "request.ip_address":
        return in.ip();
      default:
        break;
    }
    if (path.startsWith("request.headers.")) {
      return in.header().apply(path.substring("request.headers.".length()));
    }
    if (path.startsWith("request.body.") && in.body() != null && in.body().isObject()) {
      JsonNode v = in.body().get(path.substring("request.body.".length()));
      if (v == null || v.isNull() || v.isContainerNode()) {
        return v == null || v.isNull() ? null : v.toString();
      }
      return v.asText();
    }
    return null;
  }

  static String replaceTags(String template, Map<String, String> values) {
    if (template.indexOf("{{") < 0) {
      return template;
    }
    Matcher m = MERGE_TAG.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), UNKNOWN)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static JsonNode replaceTagsDeep(JsonNode node, Map<String, String> values) {
    if (node.isTextual()) {
      return JsonNodeFactory.instance.textNode(replaceTags(node.asText(), values));
    }
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, replaceTagsDeep(object.get(name), values));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, replaceTagsDeep(array.get(i), values));
      }
    }
    return node;
  }
}
