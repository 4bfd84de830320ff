package com.moesif.okhttp.internal;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.adapter.BodyCapture;
import java.io.IOException;
import java.io.OutputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/** Body plumbing for the OkHttp interceptor: a bounded copy of the request, a tee of the response. */
public final class OkHttpBodies {
  private OkHttpBodies() {}

  /**
   * Copies a request body into {@code capture} by writing it once more into a sink that keeps at
   * most the limit (and counts the rest), before the call. The body object itself is sent
   * unchanged, so later interceptors still see the caller's {@code FormBody}, {@code
   * MultipartBody}, ... One-shot bodies cannot be written twice and duplex bodies are written
   * while the response streams, so neither is captured.
   */
  public static void copyRequestBody(@Nullable RequestBody body, BodyCapture capture) throws IOException {
    if (body == null || !capture.isEnabled() || body.isOneShot() || body.isDuplex()) {
      return;
    }
    try (BufferedSink sink = Okio.buffer(new CaptureSink(capture))) {
      body.writeTo(sink);
    }
  }

  /**
   * The response with its body replaced by a tee: bytes reach the caller unchanged and as they
   * arrive (nothing is read ahead, so an SSE stream or a huge download behaves as without the SDK),
   * while up to the limit is copied. The event is queued when the caller reads to the end or closes
   * the body. A body the response declares empty ends the call at once.
   */
  public static Response teeResponse(Response response, OutgoingCall call) {
    OkHttpResponseView view = new OkHttpResponseView(response);
    try {
      ResponseBody body = response.body();
      if (body.contentLength() == 0) {
        call.complete(view);
        return response;
      }
      return response.newBuilder().body(new TeeResponseBody(body, call, view)).build();
    } catch (Throwable t) {
      call.adapterError("okhttp-response", t);
      call.complete(view);
      return response;
    }
  }

  /** Feeds bytes OkHttp writes straight from its segments into the capture, without another copy. */
  private static final class CaptureSink implements Sink {
    private final OutputStream out;

    CaptureSink(BodyCapture capture) {
      this.out = new CaptureOutputStream(capture);
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      source.copyTo(out, 0, byteCount);
      source.skip(byteCount);
    }

    @Override
    public void flush() {}

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  private static final class CaptureOutputStream extends OutputStream {
    private final BodyCapture capture;

    CaptureOutputStream(BodyCapture capture) {
      this.capture = capture;
    }

    @Override
    public void write(int b) {
      capture.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      capture.write(b, off, len);
    }
  }

  private static final class TeeResponseBody extends ResponseBody {
    private final ResponseBody delegate;
    private final OutgoingCall call;
    private final OkHttpResponseView view;
    private @Nullable BufferedSource source;

    TeeResponseBody(ResponseBody delegate, OutgoingCall call, OkHttpResponseView view) {
      this.delegate = delegate;
      this.call = call;
      this.view = view;
    }

    @Override
    public @Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public synchronized BufferedSource source() {
      BufferedSource s = source;
      if (s == null) {
        s = Okio.buffer(new TeeSource(delegate.source(), call, view));
        source = s;
      }
      return s;
    }
  }

  /**
   * Copies what the caller reads, as it reads it. The capture is written by the reading thread
   * only (OkHttp bodies are read by one thread at a time).
   */
  private static final class TeeSource extends ForwardingSource {
    private final OutgoingCall call;
    private final OkHttpResponseView view;
    private final CaptureOutputStream capture;
    private boolean teeing;

    TeeSource(BufferedSource delegate, OutgoingCall call, OkHttpResponseView view) {
      super(delegate);
      this.call = call;
      this.view = view;
      this.capture = new CaptureOutputStream(call.responseBody());
      this.teeing = call.responseBody().isEnabled(); // LOG_BODY_OUTGOING=false: only the end matters
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long n;
      try {
        n = super.read(sink, byteCount);
      } catch (Throwable t) {
        call.fail(t);
        throw t;
      }
      if (n < 0) {
        call.complete(view);
      } else if (n > 0 && teeing) {
        try {
          sink.copyTo(capture, sink.size() - n, n);
        } catch (Throwable t) {
          teeing = false;
          call.adapterError("okhttp-response-tee", t);
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        call.complete(view); // closed before the end: the event has what the caller read
      }
    }
  }
}
