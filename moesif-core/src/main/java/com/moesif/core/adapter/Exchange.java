package com.moesif.core.adapter;

import com.moesif.core.internal.CaptureEngineCore;
import com.moesif.core.internal.LazyBodyCapture;
import com.moesif.core.internal.CapturedRequestView;
import com.moesif.core.internal.RequestThreadCost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One call being captured, from {@link CaptureEngine#startIncoming} to {@link #end}. The adapter
 * tees bodies into {@link #requestBody()} and {@link #responseBody()}, puts {@link
 * #transactionId()} on the response (or outgoing request), answers with {@link #block()} when a
 * governance rule says so, and calls {@link #end} exactly once when the response is complete;
 * later calls are ignored, so racing completion paths (async timeout vs. completion) are safe. An
 * outgoing call that gets no complete response settles with {@link #fail} instead; whichever of
 * {@code end} and {@code fail} comes first wins.
 */
public final class Exchange {
  /** Request attribute under which servlet-based adapters record the exchange that owns a call. */
  public static final String ATTRIBUTE = "com.moesif.core.adapter.Exchange";

  /** The header that carries the transaction id. */
  public static final String TRANSACTION_ID_HEADER = "X-Moesif-Transaction-Id";

  private final CaptureEngineCore context;
  private final CapturedRequestView request;
  private final @Nullable String transactionId;
  /** The response body capture's limit, or -1 when bodies are not captured. */
  private final int responseBodyLimit;
  /** Created on first use, like the request's: a call without a body allocates neither. */
  private volatile @Nullable BodyCapture responseBody;
  private final @Nullable BlockResponse block;
  private final List<Map.Entry<String, String>> extraResponseHeaders;
  private final ResponseHeaders responseHeaders;
  private static final AtomicReferenceFieldUpdater<Exchange, BodyCapture> RESPONSE_BODY =
      AtomicReferenceFieldUpdater.newUpdater(Exchange.class, BodyCapture.class, "responseBody");
  private static final AtomicIntegerFieldUpdater<Exchange> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "ended");

  /** 0 until {@link #end} runs, then 1 (a field updater, not an AtomicBoolean: one object less per call). */
  private volatile int ended;

  Exchange(
      CaptureEngineCore context,
      CapturedRequestView request,
      @Nullable String transactionId,
      int responseBodyLimit,
      @Nullable BlockResponse block,
      List<Map.Entry<String, String>> extraResponseHeaders) {
    this.context = context;
    this.request = request;
    this.transactionId = transactionId;
    this.responseBodyLimit = responseBodyLimit;
    this.block = block;
    this.extraResponseHeaders = extraResponseHeaders;
    this.responseHeaders = ResponseHeaders.of(transactionId, extraResponseHeaders);
  }

  /** {@return the transaction id to send as {@value #TRANSACTION_ID_HEADER}, or null when disabled} */
  public @Nullable String transactionId() {
    return transactionId;
  }

  /**
   * Where the adapter copies request body bytes as the application (or client) reads them. Created
   * by the first call: ask for it when the body is read, not up front.
   *
   * @return the request body's capture
   */
  public BodyCapture requestBody() {
    return request.bodyCapture();
  }

  /**
   * Where the adapter copies response body bytes as they are written. Created by the first call:
   * ask for it when the body is written, not up front.
   *
   * @return the response body's capture
   */
  public BodyCapture responseBody() {
    return LazyBodyCapture.get(RESPONSE_BODY, this, responseBodyLimit, context.queue(), request.shed());
  }

  /**
   * {@return non-null when a governance rule blocks this call: answer with it instead of calling the handler}
   */
  public @Nullable BlockResponse block() {
    return block;
  }

  /** {@return headers that governance rules add to the response (set them before it is committed)} */
  public List<Map.Entry<String, String>> extraResponseHeaders() {
    return extraResponseHeaders;
  }

  /**
   * The SDK's own response headers (the transaction id, then what governance rules add), for the
   * adapter to set on the response before it is committed, and again after a reset.
   *
   * @return the headers to set
   */
  public ResponseHeaders responseHeaders() {
    return responseHeaders;
  }

  /** {@return true once {@link #end} or {@link #fail} has run} */
  public boolean isEnded() {
    return ended != 0;
  }

  /**
   * Completes the capture: the response is final. Hooks run and the event is queued here, on the
   * calling thread, with a non-blocking offer. Never throws.
   *
   * @param response the response as the client got it
   * @param error what the handler threw, if anything (the event then reports 500 unless the
   *     response already says 4xx/5xx)
   */
  public void end(HttpResponseView response, @Nullable Throwable error) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    RequestThreadCost.@Nullable Section section = context.requestSection();
    try {
      context.complete(request, response, error, transactionId, LazyBodyCapture.orDisabled(responseBody), block);
    } catch (Throwable t) {
      context.internalError("exchange-end", t);
    } finally {
      // The call is over: its bodies now belong to the event (or are let go), not to the budget
      // of captures in flight.
      context.releaseBodies(request, LazyBodyCapture.orDisabled(responseBody));
      if (section != null) {
        section.end();
      }
    }
  }

  /**
   * Settles an outgoing call that got no complete response (the connection failed, the body could
   * not be sent or read): counted, no event. Ignored once the exchange has ended. Never throws.
   *
   * @param error what went wrong
   */
  public void fail(Throwable error) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    try {
      context.outgoingFailure(error);
    } catch (Throwable t) {
      context.internalError("exchange-fail", t);
    }
  }
}
