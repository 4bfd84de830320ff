package com.moesif.core.model;

import org.jspecify.annotations.Nullable;

/** Acquisition campaign of a user or company ({@code campaign} on the wire); every field optional. */
public record CampaignModel(
    @Nullable String utmSource,
    @Nullable String utmMedium,
    @Nullable String utmCampaign,
    @Nullable String utmTerm,
    @Nullable String utmContent,
    @Nullable String referrer,
    @Nullable String referringDomain,
    @Nullable String gclid) {

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CampaignModel}. */
  public static final class Builder {
    private @Nullable String utmSource;
    private @Nullable String utmMedium;
    private @Nullable String utmCampaign;
    private @Nullable String utmTerm;
    private @Nullable String utmContent;
    private @Nullable String referrer;
    private @Nullable String referringDomain;
    private @Nullable String gclid;

    private Builder() {}

    public Builder utmSource(@Nullable String v) {
      utmSource = v;
      return this;
    }

    public Builder utmMedium(@Nullable String v) {
      utmMedium = v;
      return this;
    }

    public Builder utmCampaign(@Nullable String v) {
      utmCampaign = v;
      return this;
    }

    public Builder utmTerm(@Nullable String v) {
      utmTerm = v;
      return this;
    }

    public Builder utmContent(@Nullable String v) {
      utmContent = v;
      return this;
    }

    public Builder referrer(@Nullable String v) {
      referrer = v;
      return this;
    }

    public Builder referringDomain(@Nullable String v) {
      referringDomain = v;
      return this;
    }

    public Builder gclid(@Nullable String v) {
      gclid = v;
      return this;
    }

    public CampaignModel build() {
      return new CampaignModel(utmSource, utmMedium, utmCampaign, utmTerm, utmContent, referrer, referringDomain, gclid);
    }
  }
}
