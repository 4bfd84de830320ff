package com.moesif.core.model;

import com.moesif.core.Direction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One captured API call as it is sent to the collector (one element of the
 * {@code POST /v1/events/batch} array). Immutable; {@link #toBuilder()} makes an edited copy, which
 * is how a {@code maskEvent} hook removes data.
 *
 * @param request the request half
 * @param response the response half
 * @param userId the identified user, or null
 * @param companyId the identified company, or null
 * @param sessionToken the session token, or null
 * @param metadata custom JSON-serialisable metadata, or null
 * @param direction whether the call was served or made by this application
 * @param weight the sampling weight (1 when not sampled)
 * @param blockedBy the id of the governance rule that blocked the call, or null
 * @param transactionId the {@code X-Moesif-Transaction-Id} value, or null when disabled
 */
public record EventModel(
    EventRequestModel request,
    EventResponseModel response,
    @Nullable String userId,
    @Nullable String companyId,
    @Nullable String sessionToken,
    @Nullable Map<String, Object> metadata,
    Direction direction,
    int weight,
    @Nullable String blockedBy,
    @Nullable String transactionId) {

  /**
   * Checks the required fields and copies the collections, so the value stays immutable.
   *
   * @param request the request half
   * @param response the response half
   * @param userId the identified user, or null
   * @param companyId the identified company, or null
   * @param sessionToken the session token, or null
   * @param metadata custom JSON-serialisable metadata, or null
   * @param direction whether the call was served or made by this application
   * @param weight the sampling weight (1 when not sampled)
   * @param blockedBy the id of the governance rule that blocked the call, or null
   * @param transactionId the {@code X-Moesif-Transaction-Id} value, or null when disabled
   */
  public EventModel {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(direction, "direction");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be >= 1, got " + weight);
    }
    if (metadata != null) {
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this value's fields, to make an edited copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .request(request)
        .response(response)
        .userId(userId)
        .companyId(companyId)
        .sessionToken(sessionToken)
        .metadata(metadata)
        .direction(direction)
        .weight(weight)
        .blockedBy(blockedBy)
        .transactionId(transactionId);
  }

  /** Builds an {@link EventModel}; {@code request} and {@code response} are required. */
  public static final class Builder {
    private @Nullable EventRequestModel request;
    private @Nullable EventResponseModel response;
    private @Nullable String userId;
    private @Nullable String companyId;
    private @Nullable String sessionToken;
    private @Nullable Map<String, Object> metadata;
    private Direction direction = Direction.INCOMING;
    private int weight = 1;
    private @Nullable String blockedBy;
    private @Nullable String transactionId;

    private Builder() {}

    /**
     * Sets {@code request}.
     *
     * @param request the value
     * @return this builder
     */
    public Builder request(EventRequestModel request) {
      this.request = request;
      return this;
    }

    /**
     * Sets {@code response}.
     *
     * @param response the value
     * @return this builder
     */
    public Builder response(EventResponseModel response) {
      this.response = response;
      return this;
    }

    /**
     * Sets {@code user_id}.
     *
     * @param userId the value, or null to leave it out
     * @return this builder
     */
    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * Sets {@code company_id}.
     *
     * @param companyId the value, or null to leave it out
     * @return this builder
     */
    public Builder companyId(@Nullable String companyId) {
      this.companyId = companyId;
      return this;
    }

    /**
     * Sets {@code session_token}.
     *
     * @param sessionToken the value, or null to leave it out
     * @return this builder
     */
    public Builder sessionToken(@Nullable String sessionToken) {
      this.sessionToken = sessionToken;
      return this;
    }

    /**
     * Sets {@code metadata}.
     *
     * @param metadata the value, or null to leave it out
     * @return this builder
     */
    public Builder metadata(@Nullable Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    /**
     * Sets {@code direction}.
     *
     * @param direction the value
     * @return this builder
     */
    public Builder direction(Direction direction) {
      this.direction = direction;
      return this;
    }

    /**
     * Sets {@code weight}.
     *
     * @param weight the value
     * @return this builder
     */
    public Builder weight(int weight) {
      this.weight = weight;
      return this;
    }

    /**
     * Sets {@code blocked_by}.
     *
     * @param blockedBy the value, or null to leave it out
     * @return this builder
     */
    public Builder blockedBy(@Nullable String blockedBy) {
      this.blockedBy = blockedBy;
      return this;
    }

    /**
     * Sets {@code transaction_id}.
     *
     * @param transactionId the value, or null to leave it out
     * @return this builder
     */
    public Builder transactionId(@Nullable String transactionId) {
      this.transactionId = transactionId;
      return this;
    }

    /**
     * Builds the {@link EventModel}.
     *
     * @return a new {@link EventModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public EventModel build() {
      return new EventModel(
          Objects.requireNonNull(request, "request"),
          Objects.requireNonNull(response, "response"),
          userId,
          companyId,
          sessionToken,
          metadata,
          direction,
          weight,
          blockedBy,
          transactionId);
    }
  }
}
