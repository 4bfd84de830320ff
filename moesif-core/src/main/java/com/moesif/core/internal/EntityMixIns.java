package com.moesif.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.moesif.core.model.CampaignModel;
import com.moesif.core.model.CompanyModel;
import com.moesif.core.model.SubscriptionModel;
import com.moesif.core.model.UserModel;
import java.time.Instant;

/**
 * How the entity models are written for the collector (snake_case names, absent fields omitted,
 * instants as ISO-8601 UTC), kept here as Jackson mix-ins so the public models carry no Jackson
 * annotations: users never depend on our Jackson version through them.
 */
final class EntityMixIns {
  private EntityMixIns() {}

  static JsonMapper.Builder register(JsonMapper.Builder builder) {
    return builder
        .addMixIn(UserModel.class, User.class)
        .addMixIn(CompanyModel.class, Company.class)
        .addMixIn(CampaignModel.class, Entity.class)
        .addMixIn(SubscriptionModel.class, Subscription.class)
        .addMixIn(SubscriptionModel.Item.class, SubscriptionItem.class);
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private abstract static class Entity {}

  private abstract static class User extends Entity {
    @JsonSerialize(using = IsoInstantSerializer.class)
    abstract Instant modifiedTime();
  }

  private abstract static class Company extends Entity {
    @JsonSerialize(using = IsoInstantSerializer.class)
    abstract Instant modifiedTime();
  }

  private abstract static class Subscription extends Entity {
    @JsonSerialize(using = IsoInstantSerializer.class)
    abstract Instant currentPeriodStart();

    @JsonSerialize(using = IsoInstantSerializer.class)
    abstract Instant currentPeriodEnd();
  }

  private abstract static class SubscriptionItem extends Entity {
    @JsonSerialize(using = IsoInstantSerializer.class)
    abstract Instant createdAt();
  }
}
