package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.HttpResponseView;

/**
 * One outgoing call being captured, kept as a client request property: the exchange and the
 * request view. It settles exactly once, as its {@link Exchange} does: {@link #complete} (the
 * response body was read to its end, closed, or there is none: the event is queued) or {@link
 * #fail} (no complete response: counted, no event), whichever comes first.
 */
final class OutgoingCall {
  /** The request property under which the client filter keeps this object. */
  static final String PROPERTY = "com.moesif.jaxrs.OutgoingCall";

  private final CaptureEngine engine;
  private final Exchange exchange;
  private final ClientRequestView request;

  OutgoingCall(CaptureEngine engine, Exchange exchange, ClientRequestView request) {
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
    return exchange.isEnded();
  }

  void complete(HttpResponseView response) {
    exchange.end(response, null);
  }

  void fail(Throwable error) {
    exchange.fail(error);
  }

  void adapterError(String where, Throwable error) {
    engine.adapterError(where, error);
  }
}
