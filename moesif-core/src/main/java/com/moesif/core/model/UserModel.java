package com.moesif.core.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A user profile for {@code POST /v1/users}; only {@code user_id} is required. */
public record UserModel(
    String userId,
    @Nullable String companyId,
    @Nullable Instant modifiedTime,
    @Nullable String ipAddress,
    @Nullable String sessionToken,
    @Nullable String userAgentString,
    @Nullable CampaignModel campaign,
    @Nullable Map<String, Object> metadata) {

  public UserModel {
    Models.required(userId, "UserModel", "user_id");
    metadata = Models.copy(metadata);
  }

  public static Builder builder(String userId) {
    return new Builder(userId);
  }

  /** Builds a {@link UserModel}. */
  public static final class Builder {
    private final String userId;
    private @Nullable String companyId;
    private @Nullable Instant modifiedTime;
    private @Nullable String ipAddress;
    private @Nullable String sessionToken;
    private @Nullable String userAgentString;
    private @Nullable CampaignModel campaign;
    private @Nullable Map<String, Object> metadata;

    private Builder(String userId) {
      this.userId = userId;
    }

    public Builder companyId(@Nullable String v) {
      companyId = v;
      return this;
    }

    public Builder modifiedTime(@Nullable Instant v) {
      modifiedTime = v;
      return this;
    }

    public Builder ipAddress(@Nullable String v) {
      ipAddress = v;
      return this;
    }

    public Builder sessionToken(@Nullable String v) {
      sessionToken = v;
      return this;
    }

    public Builder userAgentString(@Nullable String v) {
      userAgentString = v;
      return this;
    }

    public Builder campaign(@Nullable CampaignModel v) {
      campaign = v;
      return this;
    }

    public Builder metadata(@Nullable Map<String, ?> v) {
      metadata = Models.copy(v);
      return this;
    }

    public UserModel build() {
      return new UserModel(userId, companyId, modifiedTime, ipAddress, sessionToken, userAgentString, campaign, metadata);
    }
  }
}
