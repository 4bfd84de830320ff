package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Shipper-thread work for one event: decode bodies, apply the built-in masks, then the user's
 * {@code maskEvent} hook. Masks run before anything leaves the process.
 */
public final class EventAssembler {
  private final Masks masks;
  private final @Nullable UnaryOperator<EventModel> maskEvent;
  private final Counters counters;
  private final OnceLogger onceLogger;

  public EventAssembler(MoesifConfig config, Counters counters, OnceLogger onceLogger) {
    this.masks = Masks.of(config, counters, onceLogger);
    this.maskEvent = config.maskEvent();
    this.counters = counters;
    this.onceLogger = onceLogger;
  }

  /** The event to send, or null when the {@code maskEvent} hook removed it (counted as filtered). */
  public @Nullable EventModel assemble(PendingEvent pending) {
    EventRequestModel request =
        new EventRequestModel(
            Instant.ofEpochMilli(pending.requestTimeMillis()),
            masks.uri(pending.uri()),
            pending.verb(),
            requestHeaders(pending),
            pending.apiVersion(),
            pending.ipAddress(),
            body(pending.requestBody()));
    EventResponseModel response =
        new EventResponseModel(
            Instant.ofEpochMilli(pending.responseTimeMillis()),
            pending.status(),
            headers(pending.responseHeaders()),
            body(pending.responseBody()));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) pending.metadata();
    EventModel event =
        new EventModel(
            request,
            response,
            pending.userId(),
            pending.companyId(),
            pending.sessionToken(),
            metadata,
            pending.direction(),
            pending.weight(),
            pending.blockedBy(),
            pending.transactionId());
    if (maskEvent == null) {
      return event;
    }
    try {
      EventModel masked = maskEvent.apply(event);
      if (masked == null) {
        counters.filtered.increment();
      }
      return masked;
    } catch (Throwable t) {
      // Sending the unmasked event could leak what the hook exists to remove: drop it instead.
      counters.hookErrors.increment();
      counters.filtered.increment();
      counters.lastError("hook maskEvent threw " + t);
      onceLogger.warn("hook:maskEvent", "Moesif: the maskEvent hook threw; the event is dropped rather than sent unmasked", t);
      return null;
    }
  }

  private @Nullable EventBody body(PendingEvent.@Nullable RawBody raw) {
    return BodyDecoder.decode(raw, masks);
  }

  /** The request's headers, plus the transaction id the SDK added when the client sent none. */
  private Map<String, String> requestHeaders(PendingEvent pending) {
    String[] pairs = pending.requestHeaders();
    String id = pending.transactionId();
    if (id != null && !hasHeader(pairs, com.moesif.core.adapter.Exchange.TRANSACTION_ID_HEADER)) {
      pairs = java.util.Arrays.copyOf(pairs, pairs.length + 2);
      pairs[pairs.length - 2] = com.moesif.core.adapter.Exchange.TRANSACTION_ID_HEADER;
      pairs[pairs.length - 1] = id;
    }
    return headers(pairs);
  }

  private static boolean hasHeader(String[] pairs, String name) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Repeated headers joined with ", " under the first spelling seen; masked names get {@code *****}. */
  Map<String, String> headers(String[] pairs) {
    if (pairs.length < 2) {
      return Map.of();
    }
    int max = pairs.length / 2;
    String[] names = new String[max];
    String[] values = new String[max];
    // Linear search for the earlier spelling of a name, comparing ignoring case without building
    // lower-case copies: events carry tens of headers. Past this many, an index keeps it linear.
    Map<String, Integer> index = max > 32 ? new HashMap<>(max * 2) : null;
    int size = 0;
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      String name = pairs[i];
      String lower = index != null || masks.masksHeaders() ? name.toLowerCase(Locale.ROOT) : null;
      boolean masked = lower != null && masks.header(lower);
      int at = -1;
      if (index != null) {
        Integer found = index.get(lower);
        at = found == null ? -1 : found;
      } else {
        for (int j = 0; j < size; j++) {
          if (names[j].equalsIgnoreCase(name)) {
            at = j;
            break;
          }
        }
      }
      if (at < 0) {
        names[size] = name;
        values[size] = masked ? EventBody.MASK : pairs[i + 1];
        if (index != null) {
          index.put(lower, size);
        }
        size++;
      } else {
        values[at] = masked ? EventBody.MASK : values[at] + ", " + pairs[i + 1];
      }
    }
    return new FrozenHeaders(names, values, size);
  }
}
