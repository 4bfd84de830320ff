package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
 * omitted (never null), times as ISO-8601 UTC with milliseconds. Streaming, no intermediate tree;
 * field names are pre-encoded once, times are formatted without {@link DateTimeFormatter} on the
 * common path (years 0001-9999).
 */
public final class EventJsonWriter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final SerializableString REQUEST = name("request");
  private static final SerializableString RESPONSE = name("response");
  private static final SerializableString TIME_FIELD = name("time");
  private static final SerializableString URI = name("uri");
  private static final SerializableString VERB = name("verb");
  private static final SerializableString HEADERS = name("headers");
  private static final SerializableString API_VERSION = name("api_version");
  private static final SerializableString IP_ADDRESS = name("ip_address");
  private static final SerializableString STATUS = name("status");
  private static final SerializableString BODY = name("body");
  private static final SerializableString TRANSFER_ENCODING = name("transfer_encoding");
  private static final SerializableString USER_ID = name("user_id");
  private static final SerializableString COMPANY_ID = name("company_id");
  private static final SerializableString SESSION_TOKEN = name("session_token");
  private static final SerializableString METADATA = name("metadata");
  private static final SerializableString DIRECTION = name("direction");
  private static final SerializableString WEIGHT = name("weight");
  private static final SerializableString BLOCKED_BY = name("blocked_by");
  private static final SerializableString TRANSACTION_ID = name("transaction_id");

  private static final long MILLIS_PER_DAY = 86_400_000L;
  /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch milliseconds: the fast path's range (year 0 is "0001" as year-of-era). */
  private static final long MIN_FAST_MILLIS = -62_135_596_800_000L;
  private static final long MAX_FAST_MILLIS = 253_402_300_800_000L;

  private EventJsonWriter() {}

  private static SerializableString name(String name) {
    SerializedString s = new SerializedString(name);
    s.asQuotedUTF8(); // encode now, once
    return s;
  }

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
   * @param metadata the event's metadata already converted to a tree (conversion can fail on
   *     arbitrary user objects, so it happens before anything is written)
   */
  public static void write(JsonGenerator out, EventModel event, @Nullable JsonNode metadata) throws IOException {
    char[] scratch = new char[24];
    out.writeStartObject();
    writeRequest(out, event.request(), scratch);
    writeResponse(out, event.response(), scratch);
    writeIfPresent(out, USER_ID, event.userId());
    writeIfPresent(out, COMPANY_ID, event.companyId());
    writeIfPresent(out, SESSION_TOKEN, event.sessionToken());
    if (metadata != null) {
      out.writeFieldName(METADATA);
      out.writeTree(metadata);
    }
    out.writeFieldName(DIRECTION);
    out.writeString(event.direction().wireName());
    out.writeFieldName(WEIGHT);
    out.writeNumber(event.weight());
    writeIfPresent(out, BLOCKED_BY, event.blockedBy());
    writeIfPresent(out, TRANSACTION_ID, event.transactionId());
    out.writeEndObject();
  }

  private static void writeRequest(JsonGenerator out, EventRequestModel request, char[] scratch) throws IOException {
    out.writeFieldName(REQUEST);
    out.writeStartObject();
    writeTime(out, request.time(), scratch);
    out.writeFieldName(URI);
    out.writeString(request.uri());
    out.writeFieldName(VERB);
    out.writeString(request.verb());
    writeHeaders(out, request.headers());
    writeIfPresent(out, API_VERSION, request.apiVersion());
    writeIfPresent(out, IP_ADDRESS, request.ipAddress());
    writeBody(out, request.body());
    out.writeEndObject();
  }

  private static void writeResponse(JsonGenerator out, EventResponseModel response, char[] scratch) throws IOException {
    out.writeFieldName(RESPONSE);
    out.writeStartObject();
    writeTime(out, response.time(), scratch);
    out.writeFieldName(STATUS);
    out.writeNumber(response.status());
    writeHeaders(out, response.headers());
    writeBody(out, response.body());
    out.writeEndObject();
  }

  private static void writeTime(JsonGenerator out, Instant time, char[] scratch) throws IOException {
    out.writeFieldName(TIME_FIELD);
    long millis;
    try {
      millis = time.toEpochMilli();
    } catch (ArithmeticException outOfRange) {
      out.writeString(TIME.format(time));
      return;
    }
    if (millis < MIN_FAST_MILLIS || millis >= MAX_FAST_MILLIS) {
      out.writeString(TIME.format(time));
      return;
    }
    formatMillis(millis, scratch);
    out.writeString(scratch, 0, 24);
  }

  private static void writeHeaders(JsonGenerator out, Map<String, String> headers) throws IOException {
    out.writeFieldName(HEADERS);
    out.writeStartObject();
    if (headers instanceof FrozenHeaders frozen) {
      for (int i = 0; i < frozen.size(); i++) {
        out.writeFieldName(frozen.name(i));
        out.writeString(frozen.value(i));
      }
    } else {
      for (Map.Entry<String, String> header : headers.entrySet()) {
        out.writeStringField(header.getKey(), header.getValue());
      }
    }
    out.writeEndObject();
  }

  private static void writeBody(JsonGenerator out, @Nullable EventBody body) throws IOException {
    if (body == null) {
      return;
    }
    out.writeFieldName(BODY);
    body.writeTo(out);
    out.writeFieldName(TRANSFER_ENCODING);
    out.writeString(body.transferEncoding());
  }

  private static void writeIfPresent(JsonGenerator out, SerializableString name, @Nullable String value) throws IOException {
    if (value != null) {
      out.writeFieldName(name);
      out.writeString(value);
    }
  }
}
