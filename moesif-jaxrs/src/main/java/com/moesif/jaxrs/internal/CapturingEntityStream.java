package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.BodyCapture;
import java.io.IOException;
import java.io.InputStream;

/**
 * The response entity stream the caller reads, with every byte copied into the capture as it is
 * read: nothing is read ahead, so a streamed response reaches the caller as without the SDK. The
 * call completes when the caller reads to the end or closes the stream (what the client does once
 * it has read the entity), and fails when reading fails.
 */
final class CapturingEntityStream extends InputStream {
  private final InputStream in;
  private final BodyCapture capture;
  private final OutgoingExchange call;
  private final ClientResponseView response;

  CapturingEntityStream(InputStream in, BodyCapture capture, OutgoingExchange call, ClientResponseView response) {
    this.in = in;
    this.capture = capture;
    this.call = call;
    this.response = response;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException | RuntimeException e) {
      call.fail(e);
      throw e;
    }
    if (b < 0) {
      call.complete(response);
    } else {
      capture.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      call.fail(e);
      throw e;
    }
    if (n < 0) {
      call.complete(response);
    } else if (n > 0) {
      capture.write(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes are part of the body too: read them through so the copy stays faithful.
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Closing before the end abandons the rest: the event carries what was read. */
  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      call.complete(response);
    }
  }
}
