package com.moesif.core.internal;

import com.moesif.core.adapter.BodyCapture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * Body captures held in a volatile field and created on first use, so a call without a body
 * allocates none. A field updater rather than a holder object: the holder would be the allocation
 * this saves. Shared by the request capture ({@link CapturedRequestView}) and the response capture
 * ({@code Exchange}).
 */
public final class LazyBodyCapture {
  private LazyBodyCapture() {}

  /**
   * The capture in {@code field}, created by the first call: bounded by {@code limit}, {@link
   * BodyCapture#disabled()} when the limit is negative, or {@link BodyCapture#omitting()} while
   * {@code queue} is {@linkplain EventQueue#backlogged() backlogged} (decided when the body starts,
   * so its bytes are never copied), and always when {@code shed} (load shedding let the call go at
   * its start: should it end in an error, its event says the body was not captured). A bounded
   * capture reserves its buffer from the {@linkplain EventQueue#captureBudget() capture memory}
   * budget as bytes are written, and keeps nothing more once that is used up. Racing first calls
   * get the same capture (a loser's reserves nothing).
   */
  public static <T> BodyCapture get(
      AtomicReferenceFieldUpdater<T, BodyCapture> field, T owner, int limit, EventQueue queue, boolean shed) {
    BodyCapture capture = field.get(owner);
    if (capture == null) {
      capture =
          limit < 0
              ? BodyCapture.disabled()
              : limit > 0 && (shed || queue.backlogged()) ? BodyCapture.omitting() : BodyCapture.bounded(limit, queue.captureBudget());
      if (!field.compareAndSet(owner, null, capture)) {
        capture = field.get(owner);
      }
    }
    return capture;
  }

  /** What was captured so far, without creating a capture: disabled when none was ever asked for. */
  public static BodyCapture orDisabled(@Nullable BodyCapture capture) {
    return capture == null ? BodyCapture.disabled() : capture;
  }
}
