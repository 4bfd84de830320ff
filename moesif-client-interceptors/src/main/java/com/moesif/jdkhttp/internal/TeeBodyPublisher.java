package com.moesif.jdkhttp.internal;

import com.moesif.clients.internal.OutgoingCall;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Forwards the caller's body publisher unchanged (same buffers, same demand, same {@link
 * #contentLength()}) and copies what the client takes from it, up to the limit. The client may
 * subscribe again to resend the body (a 307/308 redirect, a retry): only the first subscription
 * is copied, as every subscription publishes the same bytes.
 */
final class TeeBodyPublisher implements HttpRequest.BodyPublisher {
  private final HttpRequest.BodyPublisher delegate;
  private final OutgoingCall call;
  private final AtomicBoolean teed = new AtomicBoolean();

  TeeBodyPublisher(HttpRequest.BodyPublisher delegate, OutgoingCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    if (teed.compareAndSet(false, true)) {
      delegate.subscribe(new TeeSubscriber(subscriber, call));
    } else {
      delegate.subscribe(subscriber);
    }
  }

  private static final class TeeSubscriber implements Flow.Subscriber<ByteBuffer> {
    private final Flow.Subscriber<? super ByteBuffer> downstream;
    private final OutgoingCall call;
    private boolean teeing = true;

    TeeSubscriber(Flow.Subscriber<? super ByteBuffer> downstream, OutgoingCall call) {
      this.downstream = downstream;
      this.call = call;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(ByteBuffer item) {
      // Copied before the client consumes the buffer, with absolute reads: its position, limit
      // and contents are exactly what the client would have received without the SDK.
      if (teeing) {
        try {
          call.requestBody().write(item);
        } catch (Throwable t) {
          teeing = false;
          call.adapterError("jdk-http-request-tee", t);
        }
      }
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      downstream.onError(throwable);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
