package com.moesif.javalin.internal;

import com.moesif.core.adapter.BodyCapture;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The request under Javalin's own wrapper, for the hand-wired handlers: its body stream copies
 * every byte read into the capture. Nothing is read ahead; an unread body stays unread.
 */
final class TeeRequest extends HttpServletRequestWrapper {
  private final BodyCapture capture;
  private @Nullable TeeStream stream;

  TeeRequest(HttpServletRequest request, BodyCapture capture) {
    super(request);
    this.capture = capture;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    ServletInputStream in = super.getInputStream(); // the container's rules (getReader taken) first
    TeeStream s = stream;
    if (s == null || s.in != in) {
      s = new TeeStream(in, capture);
      stream = s;
    }
    return s;
  }

  /** The container's stream with each byte read copied; non-blocking reads are the container's. */
  private static final class TeeStream extends ServletInputStream {
    final ServletInputStream in;
    private final BodyCapture capture;

    TeeStream(ServletInputStream in, BodyCapture capture) {
      this.in = in;
      this.capture = capture;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        capture.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        capture.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes are part of the body: read them through so the copy stays faithful.
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
    public void close() throws IOException {
      in.close();
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
