package com.moesif.core.internal;

import com.moesif.core.model.EventBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Turns a captured body into what the event reports (behaviour.md §3): the omitted-under-backlog
 * note ({@link EventQueue}), the over-limit note, then
 * gzip/deflate decoding of the copy (its output bounded by the same limit, so a bomb yields the
 * note), then JSON when the bytes are JSON, base64 otherwise, with the {@link Masks} applied.
 */
public final class BodyDecoder {
  private BodyDecoder() {}

  /** The event body, unmasked (what the request-thread hooks see), or null when there is none. */
  public static @Nullable EventBody decode(PendingEvent.@Nullable RawBody raw) {
    return decode(raw, Masks.NONE);
  }

  /** The event body with {@code masks} applied, or null when there is none. */
  public static @Nullable EventBody decode(PendingEvent.@Nullable RawBody raw, Masks masks) {
    if (raw == null || raw.total() == 0) {
      return null;
    }
    if (raw.shed()) {
      return EventBody.note(
          "body of " + raw.total() + " bytes not captured: the SDK was shedding load when the call started");
    }
    if (raw.omitted()) {
      return EventBody.note(
          "body of " + raw.total() + " bytes omitted: the SDK was over a memory budget (the event queue over 1/32 of MAX_QUEUE_BYTES, or body captures in flight over MAX_CAPTURE_BYTES)");
    }
    if (raw.overLimit()) {
      return overLimit(raw.total() + " bytes", raw.limit());
    }
    byte[] bytes = raw.buffer();
    int length = raw.length();
    String encoding = raw.contentEncoding() == null ? "" : raw.contentEncoding().trim().toLowerCase(Locale.ROOT);
    if (!encoding.isEmpty() && !encoding.equals("identity")) {
      InputStream decoded;
      boolean compressed = true;
      Inflater inflater = null;
      try {
        decoded = switch (encoding) {
          case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(bytes, 0, length));
          case "deflate" -> {
            inflater = new Inflater(!hasZlibHeader(bytes, length));
            yield new InflaterInputStream(new ByteArrayInputStream(bytes, 0, length), inflater);
          }
          default -> null;
        };
      } catch (IOException e) {
        // Not actually gzip (a client that decompressed the body but kept the header): the bytes
        // are what they are, and are reported and masked as such.
        decoded = null;
        compressed = false;
      }
      if (decoded == null && compressed) {
        // An encoding the SDK cannot decode (br, zstd, ...): the masks cannot look inside.
        EventBody note = masks.undecodable(raw.contentType(), raw.total(), encoding);
        if (note != null) {
          return note;
        }
      }
      if (decoded != null) {
        try (InputStream in = decoded) {
          byte[] out = new byte[Math.max(0, raw.limit()) + 1];
          int n = in.readNBytes(out, 0, out.length);
          if (n > raw.limit()) {
            return overLimit("more than " + raw.limit() + " bytes (decompressed)", raw.limit());
          }
          bytes = out;
          length = n;
        } catch (IOException | RuntimeException e) {
          // A truncated or corrupt stream, or JSON that was never compressed: keep the bytes as
          // they came, unless they are neither JSON nor something the masks may skip.
          bytes = raw.buffer();
          length = raw.length();
          if (!EventBody.of(bytes, length, null).isJson()) {
            EventBody note = masks.undecodable(raw.contentType(), raw.total(), encoding);
            if (note != null) {
              return note;
            }
          }
        } finally {
          if (inflater != null) {
            inflater.end(); // a caller-supplied Inflater is not ended by close()
          }
        }
      }
    }
    return masks.body(bytes, length, raw.contentType(), raw.total());
  }

  /** zlib-wrapped deflate is what servers send; raw deflate is what some send anyway. */
  private static boolean hasZlibHeader(byte[] bytes, int length) {
    return length >= 2
        && (bytes[0] & 0x0f) == 8
        && ((bytes[0] & 0xff) << 8 | (bytes[1] & 0xff)) % 31 == 0;
  }

  static EventBody overLimit(String size, int limit) {
    return EventBody.note("body of " + size + " exceeds the capture limit of " + limit + " bytes");
  }
}
