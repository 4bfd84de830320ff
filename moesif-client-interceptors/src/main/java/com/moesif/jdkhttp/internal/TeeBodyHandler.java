package com.moesif.jdkhttp.internal;

import com.moesif.clients.internal.OutgoingCall;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Wraps the caller's body handler so its subscriber sees exactly the buffers it would see without
 * the SDK, while a copy (up to the limit) goes to the capture. The event is queued when the body
 * completes, before the caller's subscriber is told so (the caller's future then completes after
 * the event exists); a body error counts the call as failed; a caller that cancels its
 * subscription (closing the {@code ofInputStream} stream early) ends the call with what it read.
 */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T> {
  private final HttpResponse.BodyHandler<T> delegate;
  private final OutgoingCall call;

  TeeBodyHandler(HttpResponse.BodyHandler<T> delegate, OutgoingCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    HttpResponse.BodySubscriber<T> subscriber = delegate.apply(info);
    try {
      return new TeeBodySubscriber<>(subscriber, call, new JdkResponseView(info));
    } catch (Throwable t) {
      call.adapterError("jdk-http-response", t);
      return subscriber;
    }
  }

  private static final class TeeBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> delegate;
    private final OutgoingCall call;
    private final JdkResponseView view;
    private boolean teeing = true;

    TeeBodySubscriber(HttpResponse.BodySubscriber<T> delegate, OutgoingCall call, JdkResponseView view) {
      this.delegate = delegate;
      this.call = call;
      this.view = view;
    }

    @Override
    public CompletionStage<T> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      delegate.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              subscription.request(n);
            }

            @Override
            public void cancel() {
              call.complete(view);
              subscription.cancel();
            }
          });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (teeing) {
        try {
          for (ByteBuffer item : items) {
            call.responseBody().write(item);
          }
        } catch (Throwable t) {
          teeing = false;
          call.adapterError("jdk-http-response-tee", t);
        }
      }
      delegate.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
      call.fail(throwable);
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      call.complete(view);
      delegate.onComplete();
    }
  }
}
