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
}
