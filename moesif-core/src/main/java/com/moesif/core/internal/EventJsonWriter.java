package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes events exactly as collector-api.md §3 says: snake_case keys, absent optional fields
 * omitted (never null), times as ISO-8601 UTC with milliseconds. Straight into a byte buffer: no
 * generator, no intermediate tree; keys and punctuation are pre-encoded once, times are formatted
 * without {@link DateTimeFormatter} on the common path (years 0001-9999).
 */
public final class EventJsonWriter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final byte[] REQUEST_TIME = JsonBuffer.ascii("{\"request\":{\"time\":");
  private static final byte[] URI = JsonBuffer.ascii(",\"uri\":");
  private static final byte[] VERB = JsonBuffer.ascii(",\"verb\":");
  private static final byte[] HEADERS = JsonBuffer.ascii(",\"headers\":{");
  private static final byte[] API_VERSION = JsonBuffer.ascii(",\"api_version\":");
  private static final byte[] IP_ADDRESS = JsonBuffer.ascii(",\"ip_address\":");
  private static final byte[] RESPONSE_TIME = JsonBuffer.ascii("},\"response\":{\"time\":");
  private static final byte[] STATUS = JsonBuffer.ascii(",\"status\":");
  private static final byte[] BODY = JsonBuffer.ascii(",\"body\":");
  private static final byte[] TRANSFER_ENCODING_JSON = JsonBuffer.ascii(",\"transfer_encoding\":\"json\"");
  private static final byte[] TRANSFER_ENCODING_BASE64 = JsonBuffer.ascii(",\"transfer_encoding\":\"base64\"");
  private static final byte[] USER_ID = JsonBuffer.ascii(",\"user_id\":");
  private static final byte[] COMPANY_ID = JsonBuffer.ascii(",\"company_id\":");
  private static final byte[] SESSION_TOKEN = JsonBuffer.ascii(",\"session_token\":");
  private static final byte[] METADATA = JsonBuffer.ascii(",\"metadata\":");
  private static final byte[] DIRECTION = JsonBuffer.ascii(",\"direction\":");
  private static final byte[] WEIGHT = JsonBuffer.ascii(",\"weight\":");
  private static final byte[] BLOCKED_BY = JsonBuffer.ascii(",\"blocked_by\":");
  private static final byte[] TRANSACTION_ID = JsonBuffer.ascii(",\"transaction_id\":");

  private static final long MILLIS_PER_DAY = 86_400_000L;
  /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch milliseconds: the fast path's range (year 0 is "0001" as year-of-era). */
  private static final long MIN_FAST_MILLIS = -62_135_596_800_000L;
  private static final long MAX_FAST_MILLIS = 253_402_300_800_000L;

  private EventJsonWriter() {}

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC. */
  public static String formatTime(Instant time) {
    long millis;
    try {
      millis = time.toEpochMilli();
    } catch (ArithmeticException outOfRange) {
      return TIME.format(time);
    }
    if (millis < MIN_FAST_MILLIS || millis >= MAX_FAST_MILLIS) {
      return TIME.format(time);
    }
    char[] out = new char[24];
    formatMillis(millis, out);
    return new String(out);
  }

  /** Writes the 24 characters of {@code millis} (within the fast range) into {@code out}. */
  static void formatMillis(long millis, char[] out) {
    long days = Math.floorDiv(millis, MILLIS_PER_DAY);
    int msOfDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    int hour = msOfDay / 3_600_000;
    int minute = msOfDay / 60_000 % 60;
    int second = msOfDay / 1000 % 60;
    int ms = msOfDay % 1000;
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, hour, 2);
    out[13] = ':';
    digits(out, 14, minute, 2);
    out[16] = ':';
    digits(out, 17, second, 2);
    out[19] = '.';
    digits(out, 20, ms, 3);
    out[23] = 'Z';
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Appends the event's JSON object to {@code out}.
   *
   * @param metadata the event's metadata already converted to a tree (conversion can fail on
   *     arbitrary user objects, so it happens before anything is written)
   */
  static void write(JsonBuffer out, EventModel event, @Nullable JsonNode metadata) throws IOException {
    char[] scratch = new char[24];
    EventRequestModel request = event.request();
    out.raw(REQUEST_TIME);
    writeTime(out, request.time(), scratch);
    out.raw(URI);
    out.string(request.uri());
    out.raw(VERB);
    out.string(request.verb());
    writeHeaders(out, request.headers());
    writeIfPresent(out, API_VERSION, request.apiVersion());
    writeIfPresent(out, IP_ADDRESS, request.ipAddress());
    writeBody(out, request.body());
    EventResponseModel response = event.response();
    out.raw(RESPONSE_TIME);
    writeTime(out, response.time(), scratch);
    out.raw(STATUS);
    out.number(response.status());
    writeHeaders(out, response.headers());
    writeBody(out, response.body());
    out.write('}');
    writeIfPresent(out, USER_ID, event.userId());
    writeIfPresent(out, COMPANY_ID, event.companyId());
    writeIfPresent(out, SESSION_TOKEN, event.sessionToken());
    if (metadata != null) {
      out.raw(METADATA);
      try (JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
        gen.writeTree(metadata);
      }
    }
    out.raw(DIRECTION);
    out.string(event.direction().wireName());
    out.raw(WEIGHT);
    out.number(event.weight());
    writeIfPresent(out, BLOCKED_BY, event.blockedBy());
    writeIfPresent(out, TRANSACTION_ID, event.transactionId());
    out.write('}');
  }

  private static void writeTime(JsonBuffer out, Instant time, char[] scratch) {
    long millis;
    try {
      millis = time.toEpochMilli();
    } catch (ArithmeticException outOfRange) {
      out.string(TIME.format(time));
      return;
    }
    if (millis < MIN_FAST_MILLIS || millis >= MAX_FAST_MILLIS) {
      out.string(TIME.format(time));
      return;
    }
    formatMillis(millis, scratch);
    out.quotedAscii(scratch, 24);
  }

  private static void writeHeaders(JsonBuffer out, Map<String, String> headers) {
    out.raw(HEADERS);
    if (headers instanceof FrozenHeaders frozen) {
      for (int i = 0; i < frozen.size(); i++) {
        writeHeader(out, i, frozen.name(i), frozen.value(i));
      }
    } else {
      int i = 0;
      for (Map.Entry<String, String> header : headers.entrySet()) {
        writeHeader(out, i++, header.getKey(), header.getValue());
      }
    }
    out.write('}');
  }

  private static void writeHeader(JsonBuffer out, int index, String name, String value) {
    if (index > 0) {
      out.write(',');
    }
    out.string(name);
    out.write(':');
    out.string(value);
  }

  private static void writeBody(JsonBuffer out, @Nullable EventBody body) throws IOException {
    if (body == null) {
      return;
    }
    out.raw(BODY);
    String base64 = body.base64Text();
    if (base64 != null) {
      out.string(base64);
      out.raw(TRANSFER_ENCODING_BASE64);
    } else {
      body.writeTo(out);
      out.raw(TRANSFER_ENCODING_JSON);
    }
  }

  private static void writeIfPresent(JsonBuffer out, byte[] name, @Nullable String value) {
    if (value != null) {
      out.raw(name);
      out.string(value);
    }
  }
}
