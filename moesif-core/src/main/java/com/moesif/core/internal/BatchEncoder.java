package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/** Event and batch encoding for upload: one event's JSON (within the 1 MB limit), a gzip'd array. */
public final class BatchEncoder {
  /** The collector rejects events over 1 MB; stay clearly below it. */
  public static final int MAX_EVENT_BYTES = 1_000_000 - 4096;
  /** Level 1: the batch JSON is very repetitive, so fast compression already shrinks it several-fold. */
  public static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  private BatchEncoder() {}

  /**
   * The event's JSON; an event over the 1 MB limit has its bodies replaced by a note (then its
   * metadata dropped too). Null if it still does not fit.
   */
  public static byte @Nullable [] encodeEvent(EventModel event, @Nullable JsonNode metadata) throws IOException {
    byte[] json = toJson(event, metadata);
    if (json.length > MAX_EVENT_BYTES) {
      json = toJson(withoutBodies(event, json.length), metadata);
      if (json.length > MAX_EVENT_BYTES) {
        json = toJson(withoutBodies(event, json.length), null);
      }
    }
    return json.length > MAX_EVENT_BYTES ? null : json;
  }

  static byte[] toJson(EventModel event, @Nullable JsonNode metadata) throws IOException {
    ScratchBuffer out = ScratchBuffer.acquire();
    try {
      try (JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
        EventJsonWriter.write(gen, event, metadata);
      }
      return out.toByteArray();
    } finally {
      out.release();
    }
  }

  /**
   * A per-thread serialisation buffer: an event is written into it and copied out at its exact
   * size, instead of into a fresh 2 KB buffer that grows by copying (and is zeroed) per event.
   */
  private static final class ScratchBuffer extends ByteArrayOutputStream {
    /** A buffer grown past this (an event with large bodies) is not kept for the next event. */
    private static final int MAX_RETAINED = 256 * 1024;
    private static final ThreadLocal<ScratchBuffer> PER_THREAD =
        new ThreadLocal<>() {
          @Override
          protected ScratchBuffer initialValue() {
            return new ScratchBuffer();
          }
        };

    private boolean inUse;

    private ScratchBuffer() {
      super(4096);
    }

    static ScratchBuffer acquire() {
      ScratchBuffer buffer = PER_THREAD.get();
      if (buffer.inUse) {
        buffer = new ScratchBuffer(); // re-entered (a metadata getter serialising an event?)
      }
      buffer.inUse = true;
      buffer.reset();
      return buffer;
    }

    void release() {
      if (buf.length > MAX_RETAINED) {
        buf = new byte[4096];
      }
      inUse = false;
    }
  }

  private static EventModel withoutBodies(EventModel event, int size) {
    EventBody note = EventBody.note("event of " + size + " bytes exceeds the collector's 1 MB limit; bodies removed");
    EventRequestModel request = event.request().toBuilder().body(event.request().body() == null ? null : note).build();
    EventResponseModel response = event.response().toBuilder().body(event.response().body() == null ? null : note).build();
    return event.toBuilder().request(request).response(response).build();
  }

  /** Uncompressed size of the JSON array of these events. */
  public static int arrayLength(List<byte[]> events) {
    int n = 2 + Math.max(0, events.size() - 1);
    for (byte[] e : events) {
      n += e.length;
    }
    return n;
  }

  /** {@code [e1,e2,...]} gzip'd at {@link #GZIP_LEVEL}. */
  public static byte[] gzipArray(List<byte[]> events) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream(Math.max(512, arrayLength(events) / 4));
    try (GZIPOutputStream gzip = new LevelGzipOutputStream(raw, GZIP_LEVEL)) {
      gzip.write('[');
      for (int i = 0; i < events.size(); i++) {
        if (i > 0) {
          gzip.write(',');
        }
        gzip.write(events.get(i));
      }
      gzip.write(']');
    }
    return raw.toByteArray();
  }

  private static final class LevelGzipOutputStream extends GZIPOutputStream {
    LevelGzipOutputStream(OutputStream out, int level) throws IOException {
      super(out, 8192);
      def.setLevel(level);
    }
  }
}
