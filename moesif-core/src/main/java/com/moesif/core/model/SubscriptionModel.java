package com.moesif.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A subscription for {@code POST /v1/subscriptions}; {@code subscription_id}, {@code company_id}
 * and {@code status} are required.
 */
public record SubscriptionModel(
    String subscriptionId,
    String companyId,
    String status,
    @Nullable Instant currentPeriodStart,
    @Nullable Instant currentPeriodEnd,
    @Nullable List<Item> items,
    @Nullable Map<String, Object> metadata) {

  /** The statuses the collector accepts. */
  public static final Set<String> STATUSES =
      Set.of("active", "cancelled", "paused", "trialing", "pending", "draft", "future");

  public SubscriptionModel {
    Models.required(subscriptionId, "SubscriptionModel", "subscription_id");
    Models.required(companyId, "SubscriptionModel", "company_id");
    Models.required(status, "SubscriptionModel", "status");
    status = status.trim().toLowerCase(Locale.ROOT);
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "SubscriptionModel: status \"" + status + "\" is not one of " + new java.util.TreeSet<>(STATUSES));
    }
    items = items == null ? null : List.copyOf(items);
    metadata = Models.copy(metadata);
  }

  public static Builder builder(String subscriptionId, String companyId, String status) {
    return new Builder(subscriptionId, companyId, status);
  }

  /** One subscription item. */
  public record Item(
      @Nullable String planId,
      @Nullable String subscriptionItemId,
      @Nullable String priceId,
      @Nullable String unitOfMeasure,
      @Nullable Instant createdAt,
      @Nullable Map<String, Object> metadata) {
    public Item {
      metadata = Models.copy(metadata);
    }
  }

  /** Builds a {@link SubscriptionModel}. */
  public static final class Builder {
    private final String subscriptionId;
    private final String companyId;
    private final String status;
    private @Nullable Instant currentPeriodStart;
    private @Nullable Instant currentPeriodEnd;
    private @Nullable List<Item> items;
    private @Nullable Map<String, Object> metadata;

    private Builder(String subscriptionId, String companyId, String status) {
      this.subscriptionId = subscriptionId;
      this.companyId = companyId;
      this.status = status;
    }

    public Builder currentPeriodStart(@Nullable Instant v) {
      currentPeriodStart = v;
      return this;
    }

    public Builder currentPeriodEnd(@Nullable Instant v) {
      currentPeriodEnd = v;
      return this;
    }

    public Builder items(@Nullable List<Item> v) {
      items = v;
      return this;
    }

    public Builder metadata(@Nullable Map<String, ?> v) {
      metadata = Models.copy(v);
      return this;
    }

    public SubscriptionModel build() {
      return new SubscriptionModel(subscriptionId, companyId, status, currentPeriodStart, currentPeriodEnd, items, metadata);
    }
  }
}
