package com.moesif.core.adapter;

import com.moesif.core.Direction;
import com.moesif.core.internal.CaptureEngines;
import com.moesif.core.internal.CaptureEngineCore;
import com.moesif.core.internal.GovernanceRules;
import com.moesif.core.internal.CapturedRequestView;
import com.moesif.core.internal.RequestThreadCost;
import org.jspecify.annotations.Nullable;

/**
 * What every adapter drives, the same for all frameworks: {@code start} when a call begins,
 * {@link Exchange#end} when its response is complete. A facade: every decision (skip, transaction
 * id, client IP, governance, identity, sampling, queueing) is made behind it, in the engine's
 * internal core; adapters only translate. Obtain it from {@code Moesif.captureEngine()}.
 */
public final class CaptureEngine {
  static {
    CaptureEngines.register(CaptureEngine::new);
  }

  private final CaptureEngineCore context;

  /** Made through {@link CaptureEngines#create}: {@link CaptureEngineCore} is internal. */
  private CaptureEngine(CaptureEngineCore context) {
    this.context = context;
  }

  /**
   * Starts capturing a served call.
   *
   * @param request the adapter's view of the request
   * @return the exchange to drive, or null to pass the call through untouched (disabled, skipped
   *     by the request-only {@code skip} call, or an internal error: the SDK fails open)
   */
  public @Nullable Exchange startIncoming(HttpRequestView request) {
    return start(request, Direction.INCOMING);
  }

  /**
   * Starts capturing a call this application makes.
   *
   * @param request the adapter's view of the request
   * @return the exchange to drive, or null when outgoing capture is off, the call goes to the
   *     collector itself, or it is skipped
   */
  public @Nullable Exchange startOutgoing(HttpRequestView request) {
    return start(request, Direction.OUTGOING);
  }

  private @Nullable Exchange start(HttpRequestView view, Direction direction) {
    RequestThreadCost.@Nullable Section section = context.requestSection();
    try {
      CapturedRequestView request = context.begin(view, direction);
      if (request == null) {
        return null;
      }
      String transactionId = context.transactionId(view, direction);
      GovernanceRules.Decision decision = context.govern(request);
      return new Exchange(
          context, request, transactionId, context.responseBodyLimit(direction), decision.block(), decision.headers());
    } catch (Throwable t) {
      context.internalError("exchange-start", t);
      return null;
    } finally {
      if (section != null) {
        section.end();
      }
    }
  }

  /**
   * Counts and logs (once per {@code where}) an error an adapter caught in its own plumbing.
   *
   * @param where a short, fixed name of the place, such as {@code "servlet-response"}
   * @param error what was caught
   */
  public void adapterError(String where, Throwable error) {
    context.internalError(where, error);
  }

  /**
   * Counts a failed outgoing call (no response, so no event), logged at DEBUG.
   *
   * @param error why the call failed
   */
  public void outgoingFailure(Throwable error) {
    context.outgoingFailure(error);
  }

  /**
   * Whether body capture is on for a direction: when it is off, adapters can skip wrapping streams.
   *
   * @param direction served or made calls
   * @return whether bodies are captured
   */
  public boolean capturesBodies(Direction direction) {
    return context.capturesBodies(direction);
  }
}
