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

  public static Builder builder() {
    return new Builder();
  }

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

    public Builder request(EventRequestModel request) {
      this.request = request;
      return this;
    }

    public Builder response(EventResponseModel response) {
      this.response = response;
      return this;
    }

    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      return this;
    }

    public Builder companyId(@Nullable String companyId) {
      this.companyId = companyId;
      return this;
    }

    public Builder sessionToken(@Nullable String sessionToken) {
      this.sessionToken = sessionToken;
      return this;
    }

    public Builder metadata(@Nullable Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder direction(Direction direction) {
      this.direction = direction;
      return this;
    }

    public Builder weight(int weight) {
      this.weight = weight;
      return this;
    }

    public Builder blockedBy(@Nullable String blockedBy) {
      this.blockedBy = blockedBy;
      return this;
    }

    public Builder transactionId(@Nullable String transactionId) {
      this.transactionId = transactionId;
      return this;
    }

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
