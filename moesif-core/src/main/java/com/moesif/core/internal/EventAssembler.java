package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import com.moesif.core.adapter.Exchange;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
  /**
   * What {@link #headers} needs to know about a header name, by the name's hash: the same few
   * dozen names come in every event, and lower-casing one allocates whenever it has a capital.
   * Shared by the shipper threads without a lock: entries are immutable, so a racing reader sees
   * a complete entry or none, and a lost write only costs working it out again. A fixed size, so
   * a client that sends random names only evicts.
   */
  private final HeaderName[] headerNames = new HeaderName[HEADER_NAME_SLOTS];

  private final @Nullable UnaryOperator<EventModel> maskEvent;
  private final Counters counters;
  private final OnceLogger onceLogger;

  private static final int HEADER_NAME_SLOTS = 256;

  /**
   * A header name as the client spelled it, as the event spells it, what the masks and the
   * hop-by-hop rule say of it, and whether it is the transaction id's.
   */
  private record HeaderName(String spelled, String lowerCase, boolean masked, boolean hopByHop, boolean transactionId) {}

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
            headers(pending.responseHeaders(), true),
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

  /**
   * The request's headers with the call's one transaction id: the client's {@value
   * Exchange#TRANSACTION_ID_HEADER} when the SDK reused it, else the id the SDK made in its place
   * (the client's empty or unusable value does not stay beside it), added when the client sent none.
   */
  private Map<String, String> requestHeaders(PendingEvent pending) {
    String[] pairs = pending.requestHeaders();
    String id = pending.transactionId();
    if (id == null) {
      return headers(pairs, false);
    }
    int at = -1;
    boolean same = true;
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (headerName(pairs[i]).transactionId()) {
        if (at < 0) {
          at = i;
        }
        same &= pairs[i + 1].equals(id);
      }
    }
    if (at < 0) {
      pairs = Arrays.copyOf(pairs, pairs.length + 2);
      pairs[pairs.length - 2] = Exchange.TRANSACTION_ID_HEADER;
      pairs[pairs.length - 1] = id;
    } else if (!same) {
      List<String> kept = new ArrayList<>(pairs.length);
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        if (i == at) {
          kept.add(pairs[i]);
          kept.add(id);
        } else if (!headerName(pairs[i]).transactionId()) {
          kept.add(pairs[i]);
          kept.add(pairs[i + 1]);
        }
      }
      pairs = kept.toArray(new String[0]);
    }
    return headers(pairs, false);
  }

  private HeaderName headerName(String name) {
    int hash = name.hashCode();
    int slot = (hash ^ hash >>> 16) & (HEADER_NAME_SLOTS - 1);
    HeaderName known = headerNames[slot];
    if (known != null && known.spelled().equals(name)) {
      return known;
    }
    String lowerCase = name.toLowerCase(Locale.ROOT);
    HeaderName made = new HeaderName(name, lowerCase, masks.header(lowerCase), isHopByHop(name),
        name.equalsIgnoreCase(Exchange.TRANSACTION_ID_HEADER));
    headerNames[slot] = made;
    return made;
  }

  /** Connection-level headers, left out of every event's response headers, whatever the framework exposes. */
  private static boolean isHopByHop(String name) {
    return name.equalsIgnoreCase("Connection")
        || name.equalsIgnoreCase("Keep-Alive")
        || name.equalsIgnoreCase("Transfer-Encoding");
  }

  /**
   * A header value as the client meant it. Containers decode header bytes as ISO-8859-1 (as HTTP
   * says), while clients send UTF-8: a value whose characters are all single bytes, some of them
   * above ASCII, and whose bytes are valid UTF-8, is decoded as UTF-8 ({@code JÃ¶rg} becomes
   * {@code Jörg}); any other value is kept as the framework gave it.
   */
  static String wireText(String value) {
    boolean high = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xff) {
        return value;
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return value;
    }
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return value;
    }
  }

  /**
   * The event's headers: names in lower case, repeated names joined with ", "; masked names get
   * {@code *****}; values as the client meant them ({@link #wireText}); for a response, without
   * the hop-by-hop headers. Lower case because it is the one spelling every runtime can give:
   * Tomcat reports request header names, and the JDK's HttpClient response header names, in lower
   * case whatever the peer sent, and HTTP/2 and HTTP/3 carry them so on the wire.
   */
  Map<String, String> headers(String[] pairs, boolean response) {
    if (pairs.length < 2) {
      return Map.of();
    }
    int max = pairs.length / 2;
    String[] names = new String[max];
    String[] values = new String[max];
    // Linear search for an earlier value of a name: events carry tens of headers. Past this many,
    // an index keeps it linear.
    Map<String, Integer> index = max > 32 ? new HashMap<>(max * 2) : null;
    int size = 0;
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      HeaderName header = headerName(pairs[i]);
      if (response && header.hopByHop()) {
        continue;
      }
      String name = header.lowerCase();
      boolean masked = header.masked();
      int at = -1;
      if (index != null) {
        Integer found = index.get(name);
        at = found == null ? -1 : found;
      } else {
        for (int j = 0; j < size; j++) {
          if (names[j].equals(name)) {
            at = j;
            break;
          }
        }
      }
      if (at < 0) {
        names[size] = name;
        values[size] = masked ? EventBody.MASK : wireText(pairs[i + 1]);
        if (index != null) {
          index.put(name, size);
        }
        size++;
      } else {
        values[at] = masked ? EventBody.MASK : values[at] + ", " + wireText(pairs[i + 1]);
      }
    }
    return new FrozenHeaders(names, values, size);
  }
}
