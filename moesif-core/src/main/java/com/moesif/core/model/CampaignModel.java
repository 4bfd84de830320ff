package com.moesif.core.model;

import org.jspecify.annotations.Nullable;

/**
 * Acquisition campaign of a user or company ({@code campaign} on the wire); every field optional.
 *
 * @param utmSource {@code utm_source}, e.g. {@code google}
 * @param utmMedium {@code utm_medium}, e.g. {@code cpc}
 * @param utmCampaign {@code utm_campaign}
 * @param utmTerm {@code utm_term}
 * @param utmContent {@code utm_content}
 * @param referrer the referring URL
 * @param referringDomain the referring domain
 * @param gclid the Google Ads click id
 */
public record CampaignModel(
    @Nullable String utmSource,
    @Nullable String utmMedium,
    @Nullable String utmCampaign,
    @Nullable String utmTerm,
    @Nullable String utmContent,
    @Nullable String referrer,
    @Nullable String referringDomain,
    @Nullable String gclid) {

  /**
   * A builder.
   *
   * @return a new builder
   */
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

    /**
     * Sets {@code utm_source}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder utmSource(@Nullable String v) {
      utmSource = v;
      return this;
    }

    /**
     * Sets {@code utm_medium}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder utmMedium(@Nullable String v) {
      utmMedium = v;
      return this;
    }

    /**
     * Sets {@code utm_campaign}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder utmCampaign(@Nullable String v) {
      utmCampaign = v;
      return this;
    }

    /**
     * Sets {@code utm_term}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder utmTerm(@Nullable String v) {
      utmTerm = v;
      return this;
    }

    /**
     * Sets {@code utm_content}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder utmContent(@Nullable String v) {
      utmContent = v;
      return this;
    }

    /**
     * Sets {@code referrer}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder referrer(@Nullable String v) {
      referrer = v;
      return this;
    }

    /**
     * Sets {@code referring_domain}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder referringDomain(@Nullable String v) {
      referringDomain = v;
      return this;
    }

    /**
     * Sets {@code gclid}.
     *
     * @param v the value, or null to leave it out
     * @return this builder
     */
    public Builder gclid(@Nullable String v) {
      gclid = v;
      return this;
    }

    /**
     * Builds the {@link CampaignModel}.
     *
     * @return a new {@link CampaignModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public CampaignModel build() {
      return new CampaignModel(utmSource, utmMedium, utmCampaign, utmTerm, utmContent, referrer, referringDomain, gclid);
    }
  }
}
