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
 *
 * @param subscriptionId the subscription id (required)
 * @param companyId the subscribing company (required)
 * @param status one of {@link #STATUSES}, any letter case (required)
 * @param currentPeriodStart when the current billing period started
 * @param currentPeriodEnd when the current billing period ends
 * @param items the subscribed plans and prices
 * @param metadata custom JSON-serialisable fields
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

  /**
   * Checks the required fields and copies the collections, so the value stays immutable.
   *
   * @param subscriptionId the subscription id (required)
   * @param companyId the subscribing company (required)
   * @param status one of {@link #STATUSES}, any letter case (required)
   * @param currentPeriodStart when the current billing period started
   * @param currentPeriodEnd when the current billing period ends
   * @param items the subscribed plans and prices
   * @param metadata custom JSON-serialisable fields
   */
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

  /**
   * A builder with the required fields.
   *
   * @param subscriptionId {@code subscription_id}
   * @param companyId {@code company_id}
   * @param status {@code status}
   * @return a new builder
   */
  public static Builder builder(String subscriptionId, String companyId, String status) {
    return new Builder(subscriptionId, companyId, status);
  }

  /**
   * One subscription item.
   *
   * @param planId the plan id
   * @param subscriptionItemId the subscription item id
   * @param priceId the price id
   * @param unitOfMeasure what the price is per, e.g. {@code api_calls}
   * @param createdAt when the item was added
   * @param metadata custom JSON-serialisable fields
   */
  public record Item(
      @Nullable String planId,
      @Nullable String subscriptionItemId,
      @Nullable String priceId,
      @Nullable String unitOfMeasure,
      @Nullable Instant createdAt,
      @Nullable Map<String, Object> metadata) {
    /**
     * Copies {@code metadata}, so the value stays immutable.
     *
     * @param planId the plan id
     * @param subscriptionItemId the subscription item id
     * @param priceId the price id
     * @param unitOfMeasure what the price is per, e.g. {@code api_calls}
     * @param createdAt when the item was added
     * @param metadata custom JSON-serialisable fields
     */
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

    /**
     * Sets {@code current_period_start}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder currentPeriodStart(@Nullable Instant v) {
      currentPeriodStart = v;
      return this;
    }

    /**
     * Sets {@code current_period_end}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder currentPeriodEnd(@Nullable Instant v) {
      currentPeriodEnd = v;
      return this;
    }

    /**
     * Sets {@code items}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder items(@Nullable List<Item> v) {
      items = v;
      return this;
    }

    /**
     * Sets {@code metadata}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder metadata(@Nullable Map<String, ?> v) {
      metadata = Models.copy(v);
      return this;
    }

    /**
     * Builds the {@link SubscriptionModel}.
     *
     * @return a new {@link SubscriptionModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public SubscriptionModel build() {
      return new SubscriptionModel(subscriptionId, companyId, status, currentPeriodStart, currentPeriodEnd, items, metadata);
    }
  }
}
