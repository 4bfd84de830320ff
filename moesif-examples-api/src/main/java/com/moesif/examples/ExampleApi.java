package com.moesif.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the example API answers, independent of the framework serving it, so every {@code
 * ExampleServer} returns byte-for-byte the same bodies. A module of its own so that the Spark
 * example, which runs on Jetty 9 in a class loader of its own, serves the very same bodies: it
 * bundles a copy of this class, which is why it stays in package {@code com.moesif.examples}
 * (package-private is enough for every user).
 *
 * <pre>
 * GET  /hello          text "Hello, world"
 * POST /echo           the request body, with the request's Content-Type
 * GET  /json?size=N    a JSON document of N bytes (default 1024)
 * GET  /status/{code}  that status (200-599), with a small JSON body unless 204 or 304
 * GET  /stream         10 text chunks, flushed 50 ms apart
 * GET  /error          the handler throws
 * GET  /users/{id}     a JSON user
 * GET  /outgoing       calls GET /hello on this same server through each captured HTTP client
 *                      (OkHttp, java.net.http, Apache HttpClient 5; see OutgoingClients) and
 *                      answers with what came back: one Outgoing event per client (plus the
 *                      Incoming /hello each reached) on top of its own
 * </pre>
 */
final class ExampleApi {
  static final String HELLO = "Hello, world";
  static final int DEFAULT_JSON_SIZE = 1024;
  /** Bounds /json so a typo in a benchmark cannot exhaust the heap. */
  static final int MAX_JSON_SIZE = 16 * 1024 * 1024;
  static final int STREAM_CHUNKS = 10;
  static final Duration STREAM_INTERVAL = Duration.ofMillis(50);

  /** What {@code GET /outgoing} calls, on the server that received it. */
  static final String OUTGOING_TARGET = "/hello";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ExampleApi() {}

  /**
   * A JSON object of exactly {@code size} bytes (UTF-8) when {@code size} is at least a few dozen
   * bytes, else the smallest document this shape allows: a list of items, then padding.
   */
  static byte[] jsonDocument(int size) {
    String head = "{\"size\":" + size + ",\"items\":[";
    String tail = "],\"padding\":\"";
    String end = "\"}";
    StringBuilder json = new StringBuilder(Math.max(size, 64)).append(head);
    for (int i = 0; ; i++) {
      String item =
          (i == 0 ? "" : ",")
              + "{\"id\":" + i + ",\"name\":\"item-" + i + "\",\"price\":" + (i * 25 + 99) / 100.0 + "}";
      if (json.length() + item.length() + tail.length() + end.length() > size) {
        break;
      }
      json.append(item);
    }
    json.append(tail);
    while (json.length() + end.length() < size) {
      json.append('.');
    }
    return json.append(end).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The user document for {@code GET /users/{id}}. */
  static byte[] userJson(String id) {
    ObjectNode user = MAPPER.createObjectNode();
    user.put("id", id);
    user.put("name", "Example User " + id);
    user.put("email", "user" + Math.floorMod(id.hashCode(), 1000) + "@example.com");
    user.put("plan", "free");
    return user.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The body of an error answer: {@code {"error": message}}. */
  static byte[] errorJson(String message) {
    ObjectNode error = MAPPER.createObjectNode();
    error.put("error", message);
    return error.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The body for {@code GET /status/{code}}, or empty when that status has none. */
  static byte[] statusBody(int status) {
    if (status == 204 || status == 304) {
      return new byte[0];
    }
    return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** Chunk {@code i} (0-based) of {@code GET /stream}. */
  static byte[] streamChunk(int i) {
    return ("chunk " + (i + 1) + " of " + STREAM_CHUNKS + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A status the API can answer with, or -1. */
  static int parseStatus(String text) {
    try {
      int code = Integer.parseInt(text);
      return code >= 200 && code <= 599 ? code : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code size} query parameter: -1 when it is not a number from 0 to {@link #MAX_JSON_SIZE}. */
  static int parseSize(String text) {
    try {
      int size = Integer.parseInt(text.trim());
      return size >= 0 && size <= MAX_JSON_SIZE ? size : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
