package com.moesif.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.model.CampaignModel;
import com.moesif.core.model.CompanyModel;
import com.moesif.core.model.SubscriptionModel;
import com.moesif.core.model.UserModel;
import com.moesif.core.testkit.CollectorDouble;
import com.moesif.core.testkit.CollectorDouble.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users, companies and subscriptions against the collector double: paths, headers, bodies. */
class EntityApiTest {
  private CollectorDouble collector;
  private Moesif moesif;

  @BeforeEach
  void start() {
    collector = CollectorDouble.start();
    moesif = sdk(b -> b);
  }

  private Moesif sdk(java.util.function.UnaryOperator<MoesifConfig.Builder> custom) {
    return Moesif.create(
        custom.apply(
                MoesifConfig.builder()
                    .applicationId("app-id-1234567890")
                    .baseUri(collector.baseUri())
                    .retryBaseDelay(Duration.ofMillis(10))
                    .retryMaxDelay(Duration.ofMillis(40))
                    .shutdownHook(false))
            .build());
  }

  @AfterEach
  void stop() {
    moesif.close(Duration.ofSeconds(2));
    collector.close();
  }

  private CollectorDouble.RecordedRequest only(String path) {
    List<CollectorDouble.RecordedRequest> list = collector.requests(path);
    assertThat(list).as(collector.paths().toString()).hasSize(1);
    return list.get(0);
  }

  @Test
  void updateUserPostsTheModel() {
    EntityResult result =
        moesif.api().updateUser(
            UserModel.builder("12345")
                .companyId("67890")
                .campaign(CampaignModel.builder().utmSource("google").utmMedium("cpc").build())
                .metadata(Map.of("email", "john@acmeinc.com"))
                .build());
    assertThat(result).isEqualTo(new EntityResult(true, 200, 1, 1, "HTTP 200"));
    CollectorDouble.RecordedRequest request = only("/v1/users");
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("X-Moesif-Application-Id")).isEqualTo("app-id-1234567890");
    assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(request.json().toString())
        .isEqualTo("{\"user_id\":\"12345\",\"company_id\":\"67890\",\"campaign\":{\"utm_source\":\"google\","
            + "\"utm_medium\":\"cpc\"},\"metadata\":{\"email\":\"john@acmeinc.com\"}}");
  }

  @Test
  void mapsAreAcceptedAsIs() throws Exception {
    Map<String, Object> company = Map.of("company_id", "67890", "company_domain", "acmeinc.com");
    assertThat(moesif.api().updateCompanyAsync(company).get(5, TimeUnit.SECONDS).success()).isTrue();
    JsonNode body = only("/v1/companies").json();
    assertThat(body.get("company_id").asText()).isEqualTo("67890");
    assertThat(body.get("company_domain").asText()).isEqualTo("acmeinc.com");
  }

  @Test
  void batchesGoToTheBatchPathsAsArrays() throws Exception {
    EntityResult users =
        moesif.api().updateUsersBatch(List.of(UserModel.builder("a").build(), Map.of("user_id", "b")));
    assertThat(users.items()).isEqualTo(2);
    assertThat(only("/v1/users/batch").json().toString()).isEqualTo("[{\"user_id\":\"a\"},{\"user_id\":\"b\"}]");
    moesif.api().updateCompaniesBatchAsync(List.of(CompanyModel.builder("c1").build())).get(5, TimeUnit.SECONDS);
    assertThat(only("/v1/companies/batch").json().get(0).get("company_id").asText()).isEqualTo("c1");
    moesif.api().updateSubscription(SubscriptionModel.builder("s1", "c1", "active").build());
    assertThat(only("/v1/subscriptions").json().get("status").asText()).isEqualTo("active");
    moesif.api().updateSubscriptionsBatch(List.of(Map.of("subscription_id", "s2", "company_id", "c1", "status", "paused")));
    assertThat(only("/v1/subscriptions/batch").json().get(0).get("subscription_id").asText()).isEqualTo("s2");
  }

  @Test
  void missingIdsAreRejectedLocallyBeforeAnyNetworkCall() {
    assertThatThrownBy(() -> moesif.api().updateUser(Map.of("company_id", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("UserModel item 0: user_id is required and must not be blank");
    assertThatThrownBy(() -> moesif.api().updateCompaniesBatchAsync(List.of(Map.of("company_id", "ok"), Map.of("company_domain", "x"))))
        .hasMessage("CompanyModel item 1: company_id is required and must not be blank");
    assertThatThrownBy(() -> moesif.api().updateSubscription(Map.of("subscription_id", "s", "company_id", "c", "status", "sleeping")))
        .hasMessageContaining("status \"sleeping\" is not one of");
    assertThatThrownBy(() -> moesif.api().updateUsersBatch(List.of()))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> moesif.api().updateUsersBatch(List.of("not a user")))
        .hasMessageContaining("expected UserModel or Map");
    assertThat(collector.requests().stream().filter(r -> r.method().equals("POST")).toList()).isEmpty();
  }

  @Test
  void largeBatchesAreSplitUnderTheSizeLimit() {
    moesif.close(Duration.ofSeconds(1));
    moesif = sdk(b -> b.maxBatchBytes(64 * 1024));
    List<UserModel> users = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      users.add(UserModel.builder("user-" + i).metadata(Map.of("bio", "x".repeat(2000))).build());
    }
    EntityResult result = moesif.api().updateUsersBatch(users);
    assertThat(result.success()).isTrue();
    assertThat(result.items()).isEqualTo(100);
    List<CollectorDouble.RecordedRequest> posts = collector.requests("/v1/users/batch");
    assertThat(result.requests()).isEqualTo(posts.size()).isGreaterThan(1);
    int total = 0;
    for (CollectorDouble.RecordedRequest post : posts) {
      assertThat(post.rawBody().length).isLessThanOrEqualTo(64 * 1024);
      total += post.json().size();
    }
    assertThat(total).isEqualTo(100);
  }

  @Test
  void failuresAreReportedWithTheCollectorsAnswer() {
    collector.respondWith(r -> r.method().equals("POST") ? Reply.status(400) : Reply.ok());
    EntityResult result = moesif.api().updateUser(UserModel.builder("u").build());
    assertThat(result).isEqualTo(new EntityResult(false, 400, 1, 1, "HTTP 400"));
    collector.respondWith(r -> r.method().equals("POST") ? Reply.status(503) : Reply.ok());
    EntityResult retried = moesif.api().updateUser(UserModel.builder("u").build());
    assertThat(retried.success()).isFalse();
    assertThat(retried.status()).isEqualTo(503);
    // 1 earlier + 1 try + MAX_RETRIES retries
    assertThat(collector.requests("/v1/users")).hasSize(1 + 1 + moesif.config().maxRetries());
  }
}
