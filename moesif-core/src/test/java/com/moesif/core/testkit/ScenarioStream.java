package com.moesif.core.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The producer behind every scenario app's {@code GET /stream}: it hands the
 * {@link AbstractServerSuite#STREAM_CHUNKS} chunks {@link AbstractServerSuite#streamChunk(int)} one
 * by one to the app's own write-and-flush, so each app only says how its framework writes and
 * flushes.
 *
 * <p>Unpaced, the chunks go out {@link AbstractServerSuite#STREAM_INTERVAL} apart. While a test has
 * a {@link Pacing} armed, the next {@code /stream} request to start takes it (one request per
 * arming) and writes each chunk after the first only once the client has read the one before. A
 * capture that held chunks back would leave the client with nothing to read while the producer
 * waits; the producer then gives up waiting (after {@link Pacing#GIVE_UP_SECONDS}), says so in the
 * pacing's log and writes the rest unpaced, so a broken run ends and the log shows why.
 */
public final class ScenarioStream {
  /** The app's way of writing one chunk and flushing it to the client. */
  @FunctionalInterface
  public interface ChunkSink {
    void writeAndFlush(byte[] chunk) throws IOException;
  }

  private static final AtomicReference<@Nullable Pacing> ARMED = new AtomicReference<>();

  private ScenarioStream() {}

  /** Writes the {@code /stream} body through {@code sink}, paced by an armed {@link Pacing} if any. */
  public static void produce(ChunkSink sink) throws IOException {
    Pacing pacing = ARMED.getAndSet(null);
    for (int i = 0; i < AbstractServerSuite.STREAM_CHUNKS; i++) {
      if (i > 0) {
        if (pacing == null) {
          sleep(AbstractServerSuite.STREAM_INTERVAL.toMillis()); // the route's contract when unpaced
        } else {
          pacing.awaitRead(i - 1);
        }
      }
      String chunk = AbstractServerSuite.streamChunk(i);
      if (pacing != null) {
        pacing.log.add("write " + chunk.strip());
      }
      sink.writeAndFlush(chunk.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Arms a pacing for the next {@code /stream} request; close it to disarm it if no request took it. */
  static Pacing arm() {
    Pacing pacing = new Pacing();
    ARMED.set(pacing);
    return pacing;
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
  }

  /**
   * One paced {@code /stream}: the producer's writes and the client's reads, in the order they
   * happened, and the go the client gives after each read.
   */
  static final class Pacing implements AutoCloseable {
    /** Long enough never to expire while the chunks flow; it only ends a broken run. */
    static final long GIVE_UP_SECONDS = 10;

    /** "write chunk-i" by the producer, "read chunk-i" by the client, and any give-up. */
    final List<String> log = new CopyOnWriteArrayList<>();
    private final Semaphore reads = new Semaphore(0);
    private volatile boolean gaveUp;

    /** The client read {@code line}: logs it and lets the producer write the next chunk. */
    void read(String line) {
      log.add("read " + line);
      reads.release();
    }

    private void awaitRead(int chunk) throws InterruptedIOException {
      if (gaveUp) {
        return; // one give-up is enough to fail the test; waiting on every chunk would only stall it
      }
      try {
        if (!reads.tryAcquire(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
          gaveUp = true;
          log.add("gave up waiting for the client to read " + AbstractServerSuite.streamChunk(chunk).strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException();
      }
    }

    @Override
    public void close() {
      ARMED.compareAndSet(this, null);
    }
  }
}
