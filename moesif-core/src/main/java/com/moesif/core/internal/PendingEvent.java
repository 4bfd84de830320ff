package com.moesif.core.internal;

import com.moesif.core.Direction;
import com.moesif.core.adapter.BodyCapture;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the request thread hands to the queue: raw, unparsed captures. Turning them into an
 * {@code EventModel} (body decoding, JSON detection, masking, the {@code maskEvent} hook) and
 * serialising happen later on a shipper thread.
 */
public record PendingEvent(
    Direction direction,
    long requestTimeMillis,
    long responseTimeMillis,
    String uri,
    String verb,
    String[] requestHeaders,
    @Nullable String ipAddress,
    @Nullable String apiVersion,
    @Nullable RawBody requestBody,
    int status,
    String[] responseHeaders,
    @Nullable RawBody responseBody,
    @Nullable String userId,
    @Nullable String companyId,
    @Nullable String sessionToken,
    @Nullable Map<String, ?> metadata,
    int weight,
    @Nullable String blockedBy,
    @Nullable String transactionId,
    long estimatedBytes) {

  /**
   * An event with its {@link #estimatedBytes()} computed now: the queue charges and releases
   * exactly this amount, even if a hook's metadata map is changed afterwards.
   */
  public PendingEvent(
      Direction direction,
      long requestTimeMillis,
      long responseTimeMillis,
      String uri,
      String verb,
      String[] requestHeaders,
      @Nullable String ipAddress,
      @Nullable String apiVersion,
      @Nullable RawBody requestBody,
      int status,
      String[] responseHeaders,
      @Nullable RawBody responseBody,
      @Nullable String userId,
      @Nullable String companyId,
      @Nullable String sessionToken,
      @Nullable Map<String, ?> metadata,
      int weight,
      @Nullable String blockedBy,
      @Nullable String transactionId) {
    this(direction, requestTimeMillis, responseTimeMillis, uri, verb, requestHeaders, ipAddress, apiVersion,
        requestBody, status, responseHeaders, responseBody, userId, companyId, sessionToken, metadata, weight,
        blockedBy, transactionId,
        estimate(uri, requestHeaders, requestBody, responseHeaders, responseBody, metadata));
  }

  /** Whether either body carries captured bytes (an omitted body carries none). */
  boolean hasBodyBytes() {
    return (requestBody != null && requestBody.length() > 0) || (responseBody != null && responseBody.length() > 0);
  }

  /** Whether a body's bytes were let go because the queue was backlogged when it was captured. */
  boolean hasOmittedBody() {
    return (requestBody != null && requestBody.omitted() && !requestBody.shed())
        || (responseBody != null && responseBody.omitted() && !responseBody.shed());
  }

  /** This event standing for {@code weight} calls (load shedding merges queued events). */
  PendingEvent withWeight(int weight) {
    return new PendingEvent(direction, requestTimeMillis, responseTimeMillis, uri, verb, requestHeaders, ipAddress,
        apiVersion, requestBody, status, responseHeaders, responseBody, userId, companyId, sessionToken, metadata,
        weight, blockedBy, transactionId, estimatedBytes);
  }

  /**
   * This event with each body replaced by {@link RawBody#withoutBytes()}: what the queue keeps when it
   * is backlogged, so the call is still reported (status, headers, timing, identity) without
   * holding, serialising and compressing its bodies.
   */
  PendingEvent withoutBodies() {
    return new PendingEvent(direction, requestTimeMillis, responseTimeMillis, uri, verb, requestHeaders, ipAddress,
        apiVersion, requestBody == null ? null : requestBody.withoutBytes(), status, responseHeaders,
        responseBody == null ? null : responseBody.withoutBytes(), userId, companyId, sessionToken, metadata, weight,
        blockedBy, transactionId);
  }

  /** Rough heap cost, for the queue's byte cap: bodies, header text and a fixed overhead. */
  private static long estimate(
      String uri,
      String[] requestHeaders,
      @Nullable RawBody requestBody,
      String[] responseHeaders,
      @Nullable RawBody responseBody,
      @Nullable Map<String, ?> metadata) {
    long bytes = 512 + 2L * (uri.length());
    bytes += headerBytes(requestHeaders) + headerBytes(responseHeaders);
    if (requestBody != null) {
      bytes += requestBody.buffer().length;
    }
    if (responseBody != null) {
      bytes += responseBody.buffer().length;
    }
    if (metadata != null) {
      bytes += 64L * metadata.size();
    }
    return bytes;
  }

  private static long headerBytes(String[] pairs) {
    long n = 16L * pairs.length;
    for (String s : pairs) {
      n += 2L * s.length();
    }
    return n;
  }

  /**
   * A captured body, undecoded.
   *
   * @param buffer the kept bytes (may be longer than {@code length})
   * @param length how many bytes of {@code buffer} are the body
   * @param total bytes that went past, including those beyond the limit
   * @param limit the capture limit
   * @param contentType the body's Content-Type, or null
   * @param contentEncoding the body's Content-Encoding, or null
   * @param omitted true when the bytes were let go because the queue was backlogged (the event
   *     reports a note instead of the body)
   * @param shed true (with {@code omitted}) when the bytes were not captured because load
   *     shedding let the call go at its start and only its error brought it back
   */
  public record RawBody(
      byte[] buffer,
      int length,
      long total,
      int limit,
      @Nullable String contentType,
      @Nullable String contentEncoding,
      boolean omitted,
      boolean shed) {
    private static final byte[] NONE = new byte[0];

    /** A captured body, with its bytes. */
    public RawBody(
        byte[] buffer, int length, long total, int limit, @Nullable String contentType, @Nullable String contentEncoding) {
      this(buffer, length, total, limit, contentType, contentEncoding, false, false);
    }

    /**
     * What {@code capture} holds, handed over without copying (nothing writes to it any more), or
     * null when bodies are not captured or none went past.
     */
    static @Nullable RawBody of(
        BodyCapture capture, @Nullable String contentType, @Nullable String contentEncoding) {
      if (holdsNothing(capture)) {
        return null;
      }
      return new RawBody(capture.buffer(), capture.length(), capture.totalBytes(), capture.limit(), contentType,
          contentEncoding, capture.omitted(), false);
    }

    /** True when {@link #of} gives null: bodies not captured, or none went past. */
    static boolean holdsNothing(BodyCapture capture) {
      return !capture.isEnabled() || capture.totalBytes() == 0;
    }

    public boolean overLimit() {
      return total > length && !omitted;
    }

    /** This body without its bytes: only its size and type remain. */
    RawBody withoutBytes() {
      return new RawBody(NONE, 0, total, limit, contentType, contentEncoding, true, shed);
    }

    /** This body marked as not captured because its call was shed at its start. */
    RawBody asShed() {
      return new RawBody(buffer, length, total, limit, contentType, contentEncoding, true, true);
    }
  }
}
