package com.moesif.httpclient5.internal;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.jspecify.annotations.Nullable;

/**
 * The async client's capture handler, first in its chain like the classic one: the request's
 * entity producer is wrapped so the bytes it writes to the channel are copied (up to the limit),
 * and the response's data consumer so the buffers it is handed are copied before it consumes them
 * (absolute reads: the consumer sees them untouched). The event is queued at the end of the
 * response stream, before the caller's consumer is told; a failure before that counts the call.
 */
public final class MoesifAsyncExecChainHandler implements AsyncExecChainHandler {
  private final CaptureEngine engine;

  public MoesifAsyncExecChainHandler(CaptureEngine engine) {
    this.engine = engine;
  }

  @Override
  public void execute(
      HttpRequest request,
      @Nullable AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope,
      AsyncExecChain chain,
      AsyncExecCallback callback)
      throws HttpException, IOException {
    OutgoingCall call =
        OutgoingCall.start(
            engine,
            new Hc5RequestView(request, entityProducer, scope.route, scope.originalRequest),
            "httpclient5-async-start");
    if (call == null) {
      chain.proceed(request, entityProducer, scope, callback);
      return;
    }
    AsyncEntityProducer producer = entityProducer;
    AsyncExecCallback capturing = callback;
    try {
      String transactionId = call.transactionId();
      if (transactionId != null) {
        request.setHeader(Exchange.TRANSACTION_ID_HEADER, transactionId);
      }
      if (entityProducer != null && call.requestBody().isEnabled()) {
        producer = new TeeEntityProducer(entityProducer, call);
      }
      capturing = new CapturingCallback(callback, call);
    } catch (Throwable t) {
      call.adapterError("httpclient5-async-request", t);
    }
    try {
      chain.proceed(request, producer, scope, capturing);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
  }

  private static final class CapturingCallback implements AsyncExecCallback {
    private final AsyncExecCallback delegate;
    private final OutgoingCall call;
    private volatile @Nullable Hc5ResponseView view;

    CapturingCallback(AsyncExecCallback delegate, OutgoingCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, @Nullable EntityDetails entityDetails)
        throws HttpException, IOException {
      AsyncDataConsumer consumer = delegate.handleResponse(response, entityDetails);
      Hc5ResponseView responseView = new Hc5ResponseView(response);
      view = responseView;
      if (entityDetails == null) {
        call.complete(responseView); // no body: the response is complete
        return consumer;
      }
      return consumer == null ? null : new TeeDataConsumer(consumer, call, responseView);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      Hc5ResponseView responseView = view;
      if (responseView != null) {
        call.complete(responseView); // normally done at the end of the stream already
      }
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      call.fail(cause);
      delegate.failed(cause);
    }
  }

  private static final class TeeDataConsumer implements AsyncDataConsumer {
    private final AsyncDataConsumer delegate;
    private final OutgoingCall call;
    private final Hc5ResponseView view;
    private boolean teeing = true;

    TeeDataConsumer(AsyncDataConsumer delegate, OutgoingCall call, Hc5ResponseView view) {
      this.delegate = delegate;
      this.call = call;
      this.view = view;
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      delegate.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      if (teeing) {
        try {
          call.responseBody().write(src);
        } catch (Throwable t) {
          teeing = false;
          call.adapterError("httpclient5-async-response-tee", t);
        }
      }
      delegate.consume(src);
    }

    @Override
    public void streamEnd(@Nullable List<? extends Header> trailers) throws HttpException, IOException {
      call.complete(view);
      delegate.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
      delegate.releaseResources();
    }
  }

  /**
   * Copies what the producer actually writes to the channel (the channel may take less than
   * offered). Once the stream has ended, a repeatable producer replayed for a retry or redirect is
   * not copied again.
   */
  private static final class TeeEntityProducer implements AsyncEntityProducer {
    private final AsyncEntityProducer delegate;
    private final OutgoingCall call;
    private volatile boolean teeing = true;

    TeeEntityProducer(AsyncEntityProducer delegate, OutgoingCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      delegate.produce(teeing ? new TeeChannel(channel) : channel);
    }

    private final class TeeChannel implements DataStreamChannel {
      private final DataStreamChannel channel;

      TeeChannel(DataStreamChannel channel) {
        this.channel = channel;
      }

      @Override
      public void requestOutput() {
        channel.requestOutput();
      }

      @Override
      public int write(ByteBuffer src) throws IOException {
        ByteBuffer before = src.duplicate();
        int written = channel.write(src);
        if (written > 0 && teeing) {
          try {
            before.limit(before.position() + written);
            call.requestBody().write(before);
          } catch (Throwable t) {
            teeing = false;
            call.adapterError("httpclient5-async-request-tee", t);
          }
        }
        return written;
      }

      @Override
      public void endStream() throws IOException {
        teeing = false;
        channel.endStream();
      }

      @Override
      public void endStream(@Nullable List<? extends Header> trailers) throws IOException {
        teeing = false;
        channel.endStream(trailers);
      }
    }

    @Override
    public boolean isRepeatable() {
      return delegate.isRepeatable();
    }

    @Override
    public void failed(Exception cause) {
      delegate.failed(cause);
    }

    @Override
    public int available() {
      return delegate.available();
    }

    @Override
    public void releaseResources() {
      delegate.releaseResources();
    }

    @Override
    public long getContentLength() {
      return delegate.getContentLength();
    }

    @Override
    public @Nullable String getContentType() {
      return delegate.getContentType();
    }

    @Override
    public @Nullable String getContentEncoding() {
      return delegate.getContentEncoding();
    }

    @Override
    public boolean isChunked() {
      return delegate.isChunked();
    }

    @Override
    public @Nullable Set<String> getTrailerNames() {
      return delegate.getTrailerNames();
    }
  }
}
