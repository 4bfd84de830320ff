package com.moesif.core.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A company profile for {@code POST /v1/companies}; only {@code company_id} is required.
 *
 * @param companyId the company id (required)
 * @param companyDomain the company's domain, e.g. {@code acmeinc.com}
 * @param modifiedTime when the profile last changed
 * @param ipAddress the company's last IP address
 * @param sessionToken a session token of the company
 * @param campaign how the company was acquired
 * @param metadata custom JSON-serialisable fields
 */
public record CompanyModel(
    String companyId,
    @Nullable String companyDomain,
    @Nullable Instant modifiedTime,
    @Nullable String ipAddress,
    @Nullable String sessionToken,
    @Nullable CampaignModel campaign,
    @Nullable Map<String, Object> metadata) {

  /**
   * Checks the required fields and copies the collections, so the value stays immutable.
   *
   * @param companyId the company id (required)
   * @param companyDomain the company's domain, e.g. {@code acmeinc.com}
   * @param modifiedTime when the profile last changed
   * @param ipAddress the company's last IP address
   * @param sessionToken a session token of the company
   * @param campaign how the company was acquired
   * @param metadata custom JSON-serialisable fields
   */
  public CompanyModel {
    Models.required(companyId, "CompanyModel", "company_id");
    metadata = Models.copy(metadata);
  }

  /**
   * A builder with the required fields.
   *
   * @param companyId {@code company_id}
   * @return a new builder
   */
  public static Builder builder(String companyId) {
    return new Builder(companyId);
  }

  /** Builds a {@link CompanyModel}. */
  public static final class Builder {
    private final String companyId;
    private @Nullable String companyDomain;
    private @Nullable Instant modifiedTime;
    private @Nullable String ipAddress;
    private @Nullable String sessionToken;
    private @Nullable CampaignModel campaign;
    private @Nullable Map<String, Object> metadata;

    private Builder(String companyId) {
      this.companyId = companyId;
    }

    /**
     * Sets {@code company_domain}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder companyDomain(@Nullable String v) {
      companyDomain = v;
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
     * Builds the {@link CompanyModel}.
     *
     * @return a new {@link CompanyModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public CompanyModel build() {
      return new CompanyModel(companyId, companyDomain, modifiedTime, ipAddress, sessionToken, campaign, metadata);
    }
  }
}
