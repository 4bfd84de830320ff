package com.moesif.spark.internal;

import com.moesif.core.adapter.BodyCapture;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.HttpOutput;
import org.eclipse.jetty.util.Callback;

/**
 * First link of Jetty's output chain for one response: copies every byte Jetty sends (up to the
 * capture's limit) and hands the very same buffer on at once, so flushing and streaming are
 * unchanged.
 */
final class TeeOutputInterceptor implements HttpOutput.Interceptor {
  /** Bytes past the capture's limit are counted, not kept, so their values never matter. */
  private static final byte[] COUNT_ONLY = new byte[8192];

  private final HttpOutput.Interceptor next;
  private final SparkCall call;
  private final BodyCapture capture;
  private boolean written;

  TeeOutputInterceptor(HttpOutput.Interceptor next, SparkCall call, BodyCapture capture) {
    this.next = next;
    this.call = call;
    this.capture = capture;
  }

  @Override
  public void write(ByteBuffer content, boolean last, Callback callback) {
    try {
      if (!written) {
        written = true;
        call.beforeCommit(); // the first write commits the response
      }
      copy(content);
    } catch (RuntimeException e) {
      call.adapterError("spark-response-tap", e);
    }
    next.write(content, last, callback);
  }

  private void copy(ByteBuffer content) {
    int n = content.remaining();
    if (n == 0 || !capture.isEnabled()) {
      return;
    }
    if (content.hasArray()) {
      capture.write(content.array(), content.arrayOffset() + content.position(), n);
      return;
    }
    // A direct buffer: copy what the capture keeps, count the rest.
    int keep = Math.min(n, Math.max(0, capture.limit() - capture.length()));
    if (keep > 0) {
      byte[] kept = new byte[keep];
      content.duplicate().get(kept);
      capture.write(kept, 0, keep);
    }
    for (int rest = n - keep; rest > 0; rest -= COUNT_ONLY.length) {
      capture.write(COUNT_ONLY, 0, Math.min(rest, COUNT_ONLY.length));
    }
  }

  @Override
  public HttpOutput.Interceptor getNextInterceptor() {
    return next;
  }

  /** False, so Jetty aggregates into heap buffers, which are copied without an extra copy. */
  @Override
  public boolean isOptimizedForDirectBuffers() {
    return false;
  }
}
