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
      capture.write(content); // keeps at most the limit, counts the rest; the position stays put
    } catch (RuntimeException e) {
      call.adapterError("spark-response-tap", e);
    }
    next.write(content, last, callback);
  }

  @Override
  public HttpOutput.Interceptor getNextInterceptor() {
    return next;
  }

  /** As the rest of the chain: the copy reads heap and direct buffers alike. */
  @Override
  public boolean isOptimizedForDirectBuffers() {
    return next.isOptimizedForDirectBuffers();
  }
}
