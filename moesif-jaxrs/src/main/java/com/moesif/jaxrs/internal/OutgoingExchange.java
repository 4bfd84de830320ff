package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.HttpResponseView;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One outgoing call being captured, kept as a client request property. It settles exactly once:
 * {@link #complete} (the response body was read to its end, closed, or there is none: the event is
 * queued) or {@link #fail} (no complete response: counted, no event), whichever comes first.
 */
final class OutgoingExchange {
  /** The request property under which the client filter keeps this object. */
  static final String PROPERTY = "com.moesif.jaxrs.OutgoingExchange";

  private final CaptureEngine engine;
  private final Exchange exchange;
  private final ClientRequestView request;
  private final AtomicBoolean settled = new AtomicBoolean();

  OutgoingExchange(CaptureEngine engine, Exchange exchange, ClientRequestView request) {
    this.engine = engine;
    this.exchange = exchange;
    this.request = request;
  }

  Exchange exchange() {
    return exchange;
  }

  ClientRequestView request() {
    return request;
  }

  boolean isSettled() {
    return settled.get();
  }

  void complete(HttpResponseView response) {
    if (settled.compareAndSet(false, true)) {
      exchange.end(response, null);
    }
  }

  void fail(Throwable error) {
    if (settled.compareAndSet(false, true)) {
      engine.outgoingFailure(error);
    }
  }

  void adapterError(String where, Throwable error) {
    engine.adapterError(where, error);
  }
}
