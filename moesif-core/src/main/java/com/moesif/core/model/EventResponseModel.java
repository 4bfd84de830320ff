package com.moesif.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The response half of an event ({@code response} on the wire).
 *
 * @param time when the last response byte was written
 * @param status the HTTP status the client got
 * @param headers header name to value; repeated headers joined with {@code ", "}
 * @param body the captured body, or null when there is none
 */
public record EventResponseModel(
    Instant time, int status, Map<String, String> headers, @Nullable EventBody body) {

  /**
   * Checks the required fields and copies the collections, so the value stays immutable.
   *
   * @param time when the last response byte was written
   * @param status the HTTP status the client got
   * @param headers header name to value; repeated headers joined with {@code ", "}
   * @param body the captured body, or null when there is none
   */
  public EventResponseModel {
    Objects.requireNonNull(time, "time");
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
    return new Builder().time(time).status(status).headers(headers).body(body);
  }

  /** Builds an {@link EventResponseModel}; {@code time} is required. */
  public static final class Builder {
    private @Nullable Instant time;
    private int status;
    private Map<String, String> headers = Map.of();
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
     * Sets {@code status}.
     *
     * @param status the value
     * @return this builder
     */
    public Builder status(int status) {
      this.status = status;
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
     * Builds the {@link EventResponseModel}.
     *
     * @return a new {@link EventResponseModel}
     * @throws IllegalArgumentException if a required field is missing or invalid
     */
    public EventResponseModel build() {
      return new EventResponseModel(time, status, headers, body);
    }
  }
}
