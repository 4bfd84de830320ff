package com.moesif.benchmarks;

import com.moesif.core.internal.ClientIpResolver;
import com.moesif.core.internal.GovernanceRules;
import com.moesif.core.internal.Json;
import com.moesif.core.internal.ServerConfig;
import com.moesif.core.internal.UserIdExtractor;
import com.moesif.core.model.EventBody;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The pieces of per-call work: JWT user id, client IP, body masking, governance with 50 rules. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestPathBenchmark {
  private final Fixtures.Request request = Fixtures.request("GET", "https://api.example.com/v1/items/42");
  private UserIdExtractor jwt;
  private ClientIpResolver clientIp;
  private EventBody body1k;
  private GovernanceRules rules;
  private ServerConfig config;
  private GovernanceRules.Input input;

  @Setup
  public void setUp() throws Exception {
    jwt = new UserIdExtractor(List.of("authorization"), "sub");
    clientIp = new ClientIpResolver(null);
    byte[] json = Fixtures.json(1024);
    body1k = EventBody.of(json, json.length, "application/json");
    StringBuilder rulesJson = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      String type = i % 3 == 0 ? "regex" : i % 3 == 1 ? "user" : "company";
      rulesJson.append(i == 0 ? "" : ",")
          .append("{\"_id\":\"r").append(i).append("\",\"type\":\"").append(type).append("\",\"block\":").append(i == 49)
          .append(",\"applied_to\":\"matching\",\"regex_config\":[{\"conditions\":[")
          .append("{\"path\":\"request.route\",\"value\":\"^/v1/items/").append(i).append("\"},")
          .append("{\"path\":\"request.verb\",\"value\":\"GET|POST\"}]}],")
          .append("\"response\":{\"status\":429,\"headers\":{\"X-Limit\":\"{{limit}}\"},\"body\":{\"error\":\"quota {{limit}}\"}}}");
    }
    rulesJson.append("]");
    rules = GovernanceRules.parse(Json.MAPPER.readTree(rulesJson.toString()), "t");
    config = ServerConfig.parse(Json.MAPPER.readTree(
        "{\"user_rules\":{\"user-12345\":[{\"rules\":\"r1\",\"values\":{\"limit\":\"1000\"}},{\"rules\":\"r4\",\"values\":{}}]},"
            + "\"company_rules\":{\"company-9\":[{\"rules\":\"r2\",\"values\":{\"limit\":\"5\"}}]}}"), "e");
    input = new GovernanceRules.Input("GET", "/v1/items/42?expand=owner", "203.0.113.7", request::header, null, "user-12345", "company-9");
  }

  @Benchmark
  public String jwtUserId() {
    return jwt.extract(request::header);
  }

  @Benchmark
  public String clientIp() {
    return clientIp.resolve(Fixtures.REQUEST_HEADERS, request.remoteAddress());
  }

  @Benchmark
  public EventBody maskBody1k() {
    return body1k.withMaskedFields(Set.of("password", "access_token"));
  }

  @Benchmark
  public GovernanceRules.Decision governance50Rules() {
    return rules.evaluate(input, config);
  }
}
