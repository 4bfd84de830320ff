package com.moesif.core.internal;

import com.moesif.core.adapter.BodyCapture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one budget ({@code MAX_CAPTURE_BYTES}) for the bytes that body captures of calls still in
 * flight hold, for the SDK instance (in a normal deployment, one per process). Queued events are
 * bounded by {@code MAX_QUEUE_BYTES}; this bounds what comes before the queue: hundreds of
 * concurrent large uploads would otherwise each hold a buffer of up to the body limit. Past the
 * budget, a body is counted, not copied, and its event carries the omitted-body note.
 */
public final class CaptureBudget implements BodyCapture.Budget {
  private final AtomicLong held = new AtomicLong();
  private volatile long limit = Long.MAX_VALUE;

  /** Sets the budget (the engine does, from the configuration). */
  public void limit(long bytes) {
    this.limit = bytes;
  }

  @Override
  public boolean full() {
    return held.get() >= limit;
  }

  @Override
  public boolean reserve(long bytes) {
    if (held.addAndGet(bytes) > limit) {
      held.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  @Override
  public void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** Bytes held by captures in flight now. */
  public long held() {
    return held.get();
  }
}
