package com.moesif.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.moesif.core.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityModelTest {

  @Test
  void userSerialisesSnakeCaseWithoutNulls() throws Exception {
    UserModel user =
        UserModel.builder("12345")
            .companyId("67890")
            .modifiedTime(Instant.parse("2026-01-02T03:04:05Z"))
            .campaign(CampaignModel.builder().utmSource("google").build())
            .metadata(Map.of("email", "john@acmeinc.com"))
            .build();
    assertThat(Json.MAPPER.writeValueAsString(user))
        .isEqualTo(
            "{\"user_id\":\"12345\",\"company_id\":\"67890\",\"modified_time\":\"2026-01-02T03:04:05.000Z\","
                + "\"campaign\":{\"utm_source\":\"google\"},\"metadata\":{\"email\":\"john@acmeinc.com\"}}");
  }

  @Test
  void requiredIdsAreValidatedLocally() {
    assertThatThrownBy(() -> UserModel.builder(" ").build())
        .hasMessage("UserModel: user_id is required and must not be blank");
    assertThatThrownBy(() -> CompanyModel.builder("").build())
        .hasMessage("CompanyModel: company_id is required and must not be blank");
    assertThatThrownBy(() -> SubscriptionModel.builder("s1", "c1", "sleeping").build())
        .hasMessageContaining("status \"sleeping\" is not one of [active, cancelled");
  }

  @Test
  void subscriptionWithItems() throws Exception {
    SubscriptionModel sub =
        SubscriptionModel.builder("sub_1", "c_1", "Active")
            .items(List.of(new SubscriptionModel.Item("plan_1", null, "price_1", null, null, null)))
            .build();
    assertThat(Json.MAPPER.writeValueAsString(sub))
        .isEqualTo(
            "{\"subscription_id\":\"sub_1\",\"company_id\":\"c_1\",\"status\":\"active\","
                + "\"items\":[{\"plan_id\":\"plan_1\",\"price_id\":\"price_1\"}]}");
  }

  @Test
  void everyFieldOfACompanyAndItsCampaignHasItsWireName() throws Exception {
    CompanyModel company =
        CompanyModel.builder("c_1")
            .companyDomain("acmeinc.com")
            .modifiedTime(Instant.parse("2026-01-02T03:04:05.006Z"))
            .ipAddress("203.0.113.9")
            .sessionToken("tok")
            .campaign(
                new CampaignModel("google", "cpc", "spring", "apis", "ad1", "https://ref.example/", "ref.example", "g1"))
            .metadata(Map.of("plan", "pro"))
            .build();
    assertThat(Json.MAPPER.writeValueAsString(company))
        .isEqualTo(
            "{\"company_id\":\"c_1\",\"company_domain\":\"acmeinc.com\",\"modified_time\":\"2026-01-02T03:04:05.006Z\","
                + "\"ip_address\":\"203.0.113.9\",\"session_token\":\"tok\",\"campaign\":{\"utm_source\":\"google\","
                + "\"utm_medium\":\"cpc\",\"utm_campaign\":\"spring\",\"utm_term\":\"apis\",\"utm_content\":\"ad1\","
                + "\"referrer\":\"https://ref.example/\",\"referring_domain\":\"ref.example\",\"gclid\":\"g1\"},"
                + "\"metadata\":{\"plan\":\"pro\"}}");
  }

  @Test
  void subscriptionTimesAndItemFieldsHaveTheirWireNames() throws Exception {
    SubscriptionModel sub =
        SubscriptionModel.builder("sub_1", "c_1", "active")
            .currentPeriodStart(Instant.parse("2026-01-01T00:00:00Z"))
            .currentPeriodEnd(Instant.parse("2026-02-01T00:00:00Z"))
            .items(List.of(new SubscriptionModel.Item(null, "si_1", null, "api_calls", Instant.parse("2026-01-01T00:00:00Z"), null)))
            .build();
    assertThat(Json.MAPPER.writeValueAsString(sub))
        .isEqualTo(
            "{\"subscription_id\":\"sub_1\",\"company_id\":\"c_1\",\"status\":\"active\","
                + "\"current_period_start\":\"2026-01-01T00:00:00.000Z\",\"current_period_end\":\"2026-02-01T00:00:00.000Z\","
                + "\"items\":[{\"subscription_item_id\":\"si_1\",\"unit_of_measure\":\"api_calls\","
                + "\"created_at\":\"2026-01-01T00:00:00.000Z\"}]}");
  }
}
