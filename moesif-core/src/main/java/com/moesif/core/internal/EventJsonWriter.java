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
 * omitted (never null), times as ISO-8601 UTC with milliseconds. Streaming, no intermediate tree.
 */
public final class EventJsonWriter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventJsonWriter() {}

  public static String formatTime(Instant time) {
    return TIME.format(time);
  }

  /**
   * @param metadata the event's metadata already converted to a tree (conversion can fail on
   *     arbitrary user objects, so it happens before anything is written)
   */
  public static void write(JsonGenerator out, EventModel event, @Nullable JsonNode metadata) throws IOException {
    out.writeStartObject();
    writeRequest(out, event.request());
    writeResponse(out, event.response());
    writeIfPresent(out, "user_id", event.userId());
    writeIfPresent(out, "company_id", event.companyId());
    writeIfPresent(out, "session_token", event.sessionToken());
    if (metadata != null) {
      out.writeFieldName("metadata");
      out.writeTree(metadata);
    }
    out.writeStringField("direction", event.direction().wireName());
    out.writeNumberField("weight", event.weight());
    writeIfPresent(out, "blocked_by", event.blockedBy());
    writeIfPresent(out, "transaction_id", event.transactionId());
    out.writeEndObject();
  }

  private static void writeRequest(JsonGenerator out, EventRequestModel request) throws IOException {
    out.writeObjectFieldStart("request");
    out.writeStringField("time", formatTime(request.time()));
    out.writeStringField("uri", request.uri());
    out.writeStringField("verb", request.verb());
    writeHeaders(out, request.headers());
    writeIfPresent(out, "api_version", request.apiVersion());
    writeIfPresent(out, "ip_address", request.ipAddress());
    writeBody(out, request.body());
    out.writeEndObject();
  }

  private static void writeResponse(JsonGenerator out, EventResponseModel response) throws IOException {
    out.writeObjectFieldStart("response");
    out.writeStringField("time", formatTime(response.time()));
    out.writeNumberField("status", response.status());
    writeHeaders(out, response.headers());
    writeBody(out, response.body());
    out.writeEndObject();
  }

  private static void writeHeaders(JsonGenerator out, Map<String, String> headers) throws IOException {
    out.writeObjectFieldStart("headers");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      out.writeStringField(header.getKey(), header.getValue());
    }
    out.writeEndObject();
  }

  private static void writeBody(JsonGenerator out, @Nullable EventBody body) throws IOException {
    if (body == null) {
      return;
    }
    out.writeFieldName("body");
    body.writeTo(out);
    out.writeStringField("transfer_encoding", body.transferEncoding());
  }

  private static void writeIfPresent(JsonGenerator out, String name, @Nullable String value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }
}
