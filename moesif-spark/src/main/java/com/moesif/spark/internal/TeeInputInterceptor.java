package com.moesif.spark.internal;

import com.moesif.core.adapter.BodyCapture;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.HttpInput;

/**
 * A link of Jetty's input chain for one request: each chunk of the body is handed on as content
 * that copies the bytes as they are actually read (by the application, Spark's body cache or Jetty's
 * form parser), up to the capture's limit. Nothing is read ahead, and bytes Jetty discards unread at
 * the end of the call are not copied.
 */
final class TeeInputInterceptor implements HttpInput.Interceptor {
  private final SparkCall call;
  private final BodyCapture capture;

  TeeInputInterceptor(SparkCall call, BodyCapture capture) {
    this.call = call;
    this.capture = capture;
  }

  @Override
  public HttpInput.Content readFrom(HttpInput.Content content) {
    if (!content.hasContent()) {
      return content; // end-of-input and error markers pass untouched
    }
    // Take the chunk over (as Jetty's own gzip interceptor does): the original is consumed, and
    // Jetty releases it only after our content has been read.
    ByteBuffer chunk = content.getByteBuffer().slice();
    content.skip(content.remaining());
    return new TeeContent(chunk, call, capture);
  }

  private static final class TeeContent extends HttpInput.Content {
    private final SparkCall call;
    private final BodyCapture capture;

    TeeContent(ByteBuffer chunk, SparkCall call, BodyCapture capture) {
      super(chunk);
      this.call = call;
      this.capture = capture;
    }

    @Override
    public int get(byte[] buffer, int offset, int length) {
      int n = super.get(buffer, offset, length);
      // After the end the capture belongs to the event; a late read is not the call's any more.
      if (n > 0 && !call.isEnded()) {
        capture.write(buffer, offset, n);
      }
      return n;
    }
  }
}
