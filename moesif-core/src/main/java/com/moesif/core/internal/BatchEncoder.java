package com.moesif.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * One shipper thread's batch on its way to the wire: events are serialised one after another
 * into a single buffer as the JSON array {@code [e1,e2,...]}, and the array is gzip'd in one pass
 * by a {@link Deflater} reused across batches (a fresh one per batch allocates its native tables
 * again, and a deflate call per event and per comma costs a JNI crossing each). The whole batch's
 * gzip can be built as the batch fills ({@link #compressAppended()}), so the deflate work is
 * spread over the fill instead of one burst at ship time: a burst on the application's cores is
 * what its requests would queue behind. Any run of the batch's events can be gzip'd as an array
 * of its own, for a 413 split.
 *
 * <p>The deflater reads and writes through two small direct buffers, never the heap arrays:
 * given arrays, zlib works on them inside a JNI critical region, and while one is open the JVM
 * cannot collect. An application thread whose allocation needs a collection then either waits
 * for the deflate call to end or, with the serial and parallel collectors, is given memory in
 * the old generation instead, which fills with short-lived request data until a full collection
 * pauses the application. Copying the JSON into a direct buffer costs a memcpy, a small fraction
 * of deflating it. Not thread-safe: one per worker; {@link #close()} frees the deflater's native
 * memory.
 */
public final class BatchEncoder implements AutoCloseable {
  /** The collector rejects events over 1 MB; stay clearly below it. */
  public static final int MAX_EVENT_BYTES = 1_000_000 - 4096;
  /**
   * Level 1: the batch JSON is very repetitive (the same keys and headers in every event), so the
   * fastest level already shrinks it several-fold; higher levels cost more CPU than they save.
   */
  public static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  /** Magic, deflate, no flags, no mtime, no extra flags, OS unknown (RFC 1952). */
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final byte[] OPEN = {'['};
  private static final byte[] CLOSE = {']'};
  private static final int MAX_RETAINED_OUT = 1 << 20;
  private static final int INITIAL_OUT = 16 * 1024;
  /** Size of each direct buffer: big enough that the JNI crossings per byte do not matter. */
  private static final int DIRECT_BUFFER = 64 * 1024;

  private final JsonBuffer json = new JsonBuffer();
  private final Deflater deflater = new Deflater(GZIP_LEVEL, true);
  private final CRC32 crc = new CRC32();
  /** What the deflater reads: a copy of the next slice of JSON, off the Java heap. */
  private final ByteBuffer deflateIn = ByteBuffer.allocateDirect(DIRECT_BUFFER);
  /** Where the deflater writes, copied from there into {@link #out}. */
  private final ByteBuffer deflateOut = ByteBuffer.allocateDirect(DIRECT_BUFFER);
  /** Event i is {@code json.buf[starts[i], ends[i])}; a comma precedes every event but the first. */
  private int[] starts = new int[128];
  private int[] ends = new int[128];
  private int events;
  private byte[] out = new byte[INITIAL_OUT];
  private int outCount;
  /**
   * Events {@code [0, streamed)} are already in the deflater as the start of the whole batch's
   * gzip ({@link #compressAppended()}); -1 when no such stream is under way.
   */
  private int streamed = -1;

  /** An encoder for batches of any size. */
  public BatchEncoder() {}

  /**
   * An encoder for batches the shipper closes once they reach {@code maxBatchBytes} of JSON: its
   * buffer grows by doubling only up to that plus one event at the collector's limit.
   */
  public BatchEncoder(int maxBatchBytes) {
    json.growthCap((int) Math.min(Integer.MAX_VALUE - 16, (long) maxBatchBytes + MAX_EVENT_BYTES + 4096));
  }

  /**
   * Bytes this encoder's buffers hold beyond their initial size (JSON and gzip output, by
   * capacity): what large batches add, as opposed to the fixed few KiB every worker has.
   */
  public long grownBytes() {
    return (long) json.buf.length + out.length - JsonBuffer.INITIAL - INITIAL_OUT;
  }

  /** Events appended since the last {@link #clear()}. */
  public int size() {
    return events;
  }

  /** Uncompressed size of the JSON array of every event appended. */
  public int jsonBytes() {
    return jsonBytes(0, events);
  }

  /** Uncompressed size of the JSON array of events {@code [from, to)}. */
  public int jsonBytes(int from, int to) {
    return to <= from ? 2 : ends[to - 1] - starts[from] + 2;
  }

  public void clear() {
    json.clear();
    events = 0;
    streamed = -1;
  }

  /**
   * Deflates the events appended since the last call into the whole batch's gzip, which {@link
   * #gzip()} then only has to finish. One JNI crossing per call, not per event: call it between
   * bursts of appends.
   */
  public void compressAppended() {
    if (events == 0) {
      return;
    }
    int from;
    if (streamed < 0) {
      startGzip();
      streamed = 0;
      from = starts[0];
    } else {
      from = ends[streamed - 1]; // includes the comma before the next event
    }
    if (streamed < events) {
      feed(json.buf, from, ends[events - 1] - from);
      streamed = events;
    }
  }

  /**
   * Appends one event. An event over the collector's 1 MB limit has its bodies replaced by a
   * note (then its metadata dropped too); if it still does not fit, nothing is appended and the
   * answer is false. On an exception nothing is appended either.
   *
   * @param metadata the event's metadata already converted to a tree
   */
  public boolean append(EventModel event, @Nullable JsonNode metadata) throws IOException {
    int mark = json.size();
    try {
      if (events > 0) {
        json.write(',');
      }
      int start = json.size();
      EventJsonWriter.write(json, event, metadata);
      int size = json.size() - start;
      if (size > MAX_EVENT_BYTES) {
        EventModel lean = withoutBodies(event, size);
        json.truncate(start);
        EventJsonWriter.write(json, lean, metadata);
        if (json.size() - start > MAX_EVENT_BYTES) {
          json.truncate(start);
          EventJsonWriter.write(json, lean, null);
        }
        if (json.size() - start > MAX_EVENT_BYTES) {
          json.truncate(mark);
          return false;
        }
      }
      if (events == starts.length) {
        starts = Arrays.copyOf(starts, events * 2);
        ends = Arrays.copyOf(ends, events * 2);
      }
      starts[events] = start;
      ends[events] = json.size();
      events++;
      return true;
    } catch (IOException | RuntimeException e) {
      json.truncate(mark);
      throw e;
    }
  }

  private static EventModel withoutBodies(EventModel event, int size) {
    EventBody note = EventBody.note("event of " + size + " bytes exceeds the collector's 1 MB limit; bodies removed");
    EventRequestModel request = event.request().toBuilder().body(event.request().body() == null ? null : note).build();
    EventResponseModel response = event.response().toBuilder().body(event.response().body() == null ? null : note).build();
    return event.toBuilder().request(request).response(response).build();
  }

  /** {@code [e_from,...,e_to-1]} gzip'd at {@link #GZIP_LEVEL}: an exact-size array of its own. */
  public byte[] gzip(int from, int to) {
    if (from == 0 && to == events && streamed > 0) {
      compressAppended(); // finish the stream the fill started
    } else {
      startGzip();
      if (to > from) {
        feed(json.buf, starts[from], ends[to - 1] - starts[from]);
      }
    }
    streamed = -1; // whatever happens next starts a new stream
    feed(CLOSE, 0, 1);
    deflater.finish();
    while (!deflater.finished()) {
      deflateIntoOut();
    }
    long crcValue = crc.getValue();
    long inputBytes = deflater.getBytesRead();
    byte[] trailer = new byte[8];
    for (int i = 0; i < 4; i++) {
      trailer[i] = (byte) (crcValue >>> (8 * i));
      trailer[4 + i] = (byte) (inputBytes >>> (8 * i)); // ISIZE: the input size modulo 2^32
    }
    append(trailer, 8);
    byte[] gzip = Arrays.copyOf(out, outCount);
    // As JsonBuffer's: kept while batches fill a quarter of it.
    if (out.length > MAX_RETAINED_OUT && outCount < out.length / 4) {
      out = new byte[INITIAL_OUT];
    }
    return gzip;
  }

  private void startGzip() {
    deflater.reset();
    crc.reset();
    outCount = 0;
    append(GZIP_HEADER, GZIP_HEADER.length);
    feed(OPEN, 0, 1);
  }

  /** {@code [e_0,...]} for every event appended. */
  public byte[] gzip() {
    return gzip(0, events);
  }

  private void feed(byte[] bytes, int off, int len) {
    crc.update(bytes, off, len);
    for (int end = off + len; off < end; ) {
      int slice = Math.min(end - off, DIRECT_BUFFER);
      deflateIn.clear();
      deflateIn.put(bytes, off, slice).flip();
      deflater.setInput(deflateIn);
      while (!deflater.needsInput()) {
        deflateIntoOut();
      }
      off += slice;
    }
  }

  private void deflateIntoOut() {
    deflateOut.clear();
    int n = deflater.deflate(deflateOut, Deflater.NO_FLUSH);
    ensureOut(n);
    deflateOut.flip().get(out, outCount, n);
    outCount += n;
  }

  private void append(byte[] bytes, int len) {
    ensureOut(len);
    System.arraycopy(bytes, 0, out, outCount, len);
    outCount += len;
  }

  /** Room for {@code len} more bytes of gzip output, by doubling. */
  private void ensureOut(int len) {
    if (out.length - outCount < len) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outCount + len));
    }
  }

  /** Frees the deflater's native memory; the encoder is unusable afterwards. */
  @Override
  public void close() {
    deflater.end();
  }
}
