package com.moesif.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The request half of an event ({@code request} on the wire).
 *
 * @param time when the request started
 * @param uri absolute URI including the query string
 * @param verb upper-case HTTP method
 * @param headers header name to value; repeated headers joined with {@code ", "}
 * @param apiVersion the configured API version, or null
 * @param ipAddress the client IP, or null
 * @param body the captured body, or null when there is none
 */
public record EventRequestModel(
    Instant time,
    String uri,
    String verb,
    Map<String, String> headers,
    @Nullable String apiVersion,
    @Nullable String ipAddress,
    @Nullable EventBody body) {

  /**
   * Checks the required fields and copies the collections, so the value stays immutable.
   *
   * @param time when the request started
   * @param uri absolute URI including the query string
   * @param verb upper-case HTTP method
   * @param headers header name to value; repeated headers joined with {@code ", "}
   * @param apiVersion the configured API version, or null
   * @param ipAddress the client IP, or null
   * @param body the captured body, or null when there is none
   */
  public EventRequestModel {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(verb, "verb");
    headers = Headers.copyOf(headers);
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
        .time(time)
        .uri(uri)
        .verb(verb)
        .headers(headers)
        .apiVersion(apiVersion)
        .ipAddress(ipAddress)
        .body(body);
  }

  /** Builds an {@link EventRequestModel}; {@code time}, {@code uri} and {@code verb} are required. */
  public static final class Builder {
    private @Nullable Instant time;
    private @Nullable String uri;
    private @Nullable String verb;
    private Map<String, String> headers = Map.of();
    private @Nullable String apiVersion;
    private @Nullable String ipAddress;
    private @Nullable EventBody body;

    private Builder() {}

    /**
     * Sets {@code time}.
     *
     * @param time the value
     * @return this builder
     */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /**
     * Sets {@code uri}.
     *
     * @param uri the value
     * @return this builder
     */
    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    /**
     * Sets {@code verb}.
     *
     * @param verb the value
     * @return this builder
     */
    public Builder verb(String verb) {
      this.verb = verb;
      return this;
    }

    /**
     * Sets {@code headers}.
     *
     * @param headers the value
     * @return this builder
     */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /**
     * Sets {@code api_version}.
     *
     * @param apiVersion the value, or null to leave it out
     * @return this builder
     */
    public Builder apiVersion(@Nullable String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Sets {@code ip_address}.
     *
     * @param ipAddress the value, or null to leave it out
     * @return this builder
     */
    public Builder ipAddress(@Nullable String ipAddress) {
      this.ipAddress = ipAddress;
      return this;
    }

    /**
     * Sets {@code body}.
     *
     * @param body the value, or null to leave it out
     * @return this builder
     */
    public Builder body(@Nullable EventBody body) {
      this.body = body;
      return this;
    }

    /**
     * Builds the {@link EventRequestModel}.
     *
     * @return a new {@link EventRequestModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public EventRequestModel build() {
      return new EventRequestModel(time, uri, verb, headers, apiVersion, ipAddress, body);
    }
  }
}
