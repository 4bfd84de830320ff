package com.moesif.clients.internal;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.HttpResponseView;
import org.jspecify.annotations.Nullable;

/**
 * One outgoing call being captured, shared by the client adapters. A call settles exactly once, as
 * its {@link Exchange} does: either {@link #complete} (the response body was read to its end,
 * closed or abandoned: the event is queued) or {@link #fail} (no complete response: counted, no
 * event). Whichever of the client's completion paths comes first wins, so racing paths (an async
 * failure and a body error, a close after EOF) are harmless.
 */
public final class OutgoingCall {
  private final CaptureEngine engine;
  private final Exchange exchange;

  private OutgoingCall(CaptureEngine engine, Exchange exchange) {
    this.engine = engine;
    this.exchange = exchange;
  }

  /**
   * Starts capturing, or returns null when the call must pass through untouched: outgoing capture
   * off, a call to the collector itself, skipped, or any error of ours (counted, fail open).
   */
  public static @Nullable OutgoingCall start(CaptureEngine engine, HttpRequestView request, String where) {
    try {
      Exchange exchange = engine.startOutgoing(request);
      return exchange == null ? null : new OutgoingCall(engine, exchange);
    } catch (Throwable t) {
      engine.adapterError(where, t);
      return null;
    }
  }

  /** The id to send as {@value Exchange#TRANSACTION_ID_HEADER}, or null when disabled. */
  public @Nullable String transactionId() {
    return exchange.transactionId();
  }

  public BodyCapture requestBody() {
    return exchange.requestBody();
  }

  public BodyCapture responseBody() {
    return exchange.responseBody();
  }

  /** The response is complete as far as the caller is concerned: build and queue the event. */
  public void complete(HttpResponseView response) {
    exchange.end(response, null);
  }

  /** The call failed without a complete response: count it; there is no event. */
  public void fail(Throwable error) {
    exchange.fail(error);
  }

  /** The exchange, for core's stream plumbing ({@code TeeInputStream.completing}). */
  public Exchange exchange() {
    return exchange;
  }

  /** Counts an error in our own plumbing; the caller's call goes on regardless. */
  public void adapterError(String where, Throwable error) {
    engine.adapterError(where, error);
  }
}
