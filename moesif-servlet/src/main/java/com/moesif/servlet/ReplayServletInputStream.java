package com.moesif.servlet;

import com.moesif.core.adapter.ReplayInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The request body after a governance peek, as the servlet API's stream type: reads go to core's
 * {@link ReplayInputStream} (the bytes read ahead, then the rest of the container's stream).
 * Non-blocking reads work too: the replayed bytes are always ready, and when the peek already
 * drained the container's stream (it then reports all data read at once), the application's
 * listener is first given the replayed bytes.
 */
final class ReplayServletInputStream extends ServletInputStream {
  private final ReplayInputStream replay;
  private final ServletInputStream rest;

  private ReplayServletInputStream(ReplayInputStream replay, ServletInputStream rest) {
    this.replay = replay;
    this.rest = rest;
  }

  /** Reads up to {@code limit} bytes of {@code in} ahead (see {@link ReplayInputStream#peek}). */
  static ReplayServletInputStream peek(ServletInputStream in, int limit) {
    return new ReplayServletInputStream(ReplayInputStream.peek(in, limit), in);
  }

  @Override
  public int read() throws IOException {
    return replay.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return replay.read(b, off, len);
  }

  @Override
  public int available() throws IOException {
    return replay.available();
  }

  @Override
  public void close() throws IOException {
    replay.close();
  }

  @Override
  public boolean isFinished() {
    return !replay.isReplaying() && (replay.hasFailed() || rest.isFinished());
  }

  @Override
  public boolean isReady() {
    return replay.isReplaying() || rest.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    rest.setReadListener(
        new ReadListener() {
          @Override
          public void onDataAvailable() throws IOException {
            listener.onDataAvailable();
          }

          @Override
          public void onAllDataRead() throws IOException {
            if (replay.isReplaying()) {
              listener.onDataAvailable();
            }
            listener.onAllDataRead();
          }

          @Override
          public void onError(Throwable t) {
            listener.onError(t);
          }
        });
  }

  /** The bytes read ahead (not a copy: the engine only parses them). */
  byte[] head() {
    return replay.head();
  }
}
