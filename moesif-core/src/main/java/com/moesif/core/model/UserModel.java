package com.moesif.core.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A user profile for {@code POST /v1/users}; only {@code user_id} is required.
 *
 * @param userId the user id (required)
 * @param companyId the company the user belongs to
 * @param modifiedTime when the profile last changed
 * @param ipAddress the user's last IP address
 * @param sessionToken the user's session token
 * @param userAgentString the user's {@code User-Agent}
 * @param campaign how the user was acquired
 * @param metadata custom JSON-serialisable fields
 */
public record UserModel(
    String userId,
    @Nullable String companyId,
    @Nullable Instant modifiedTime,
    @Nullable String ipAddress,
    @Nullable String sessionToken,
    @Nullable String userAgentString,
    @Nullable CampaignModel campaign,
    @Nullable Map<String, Object> metadata) {

  /**
   * Checks the required fields and copies the collections, so the value stays immutable.
   *
   * @param userId the user id (required)
   * @param companyId the company the user belongs to
   * @param modifiedTime when the profile last changed
   * @param ipAddress the user's last IP address
   * @param sessionToken the user's session token
   * @param userAgentString the user's {@code User-Agent}
   * @param campaign how the user was acquired
   * @param metadata custom JSON-serialisable fields
   */
  public UserModel {
    Models.required(userId, "UserModel", "user_id");
    metadata = Models.copy(metadata);
  }

  /**
   * A builder with the required fields.
   *
   * @param userId {@code user_id}
   * @return a new builder
   */
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

    /**
     * Sets {@code company_id}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder companyId(@Nullable String v) {
      companyId = v;
      return this;
    }

    /**
     * Sets {@code modified_time}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder modifiedTime(@Nullable Instant v) {
      modifiedTime = v;
      return this;
    }

    /**
     * Sets {@code ip_address}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder ipAddress(@Nullable String v) {
      ipAddress = v;
      return this;
    }

    /**
     * Sets {@code session_token}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder sessionToken(@Nullable String v) {
      sessionToken = v;
      return this;
    }

    /**
     * Sets {@code user_agent_string}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder userAgentString(@Nullable String v) {
      userAgentString = v;
      return this;
    }

    /**
     * Sets {@code campaign}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder campaign(@Nullable CampaignModel v) {
      campaign = v;
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
     * Builds the {@link UserModel}.
     *
     * @return a new {@link UserModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public UserModel build() {
      return new UserModel(userId, companyId, modifiedTime, ipAddress, sessionToken, userAgentString, campaign, metadata);
    }
  }
}
