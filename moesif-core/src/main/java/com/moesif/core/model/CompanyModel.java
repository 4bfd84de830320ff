package com.moesif.core.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A company profile for {@code POST /v1/companies}; only {@code company_id} is required. */
public record CompanyModel(
    String companyId,
    @Nullable String companyDomain,
    @Nullable Instant modifiedTime,
    @Nullable String ipAddress,
    @Nullable String sessionToken,
    @Nullable CampaignModel campaign,
    @Nullable Map<String, Object> metadata) {

  public CompanyModel {
    Models.required(companyId, "CompanyModel", "company_id");
    metadata = Models.copy(metadata);
  }

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

    public Builder companyDomain(@Nullable String v) {
      companyDomain = v;
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

    public Builder campaign(@Nullable CampaignModel v) {
      campaign = v;
      return this;
    }

    public Builder metadata(@Nullable Map<String, ?> v) {
      metadata = Models.copy(v);
      return this;
    }

    public CompanyModel build() {
      return new CompanyModel(companyId, companyDomain, modifiedTime, ipAddress, sessionToken, campaign, metadata);
    }
  }
}
