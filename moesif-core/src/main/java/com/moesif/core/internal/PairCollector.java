package com.moesif.core.internal;

import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.HttpResponseView;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Collects an adapter's header name/value pairs into one exactly-sized array. The growable
 * scratch buffer is reused per thread, so a capture allocates only the array it keeps (a fresh
 * collector per call cost a 24-slot buffer and the collector itself, twice per request).
 */
final class PairCollector implements BiConsumer<String, String> {
  private static final String[] EMPTY = new String[0];
  /** A buffer grown past this (a request with hundreds of headers) is not kept for reuse. */
  private static final int MAX_RETAINED = 256;
  private static final ThreadLocal<PairCollector> PER_THREAD =
      new ThreadLocal<>() {
        @Override
        protected PairCollector initialValue() {
          return new PairCollector();
        }
      };

  private String[] items = new String[32];
  private int size;
  private boolean inUse;

  private PairCollector() {}

  /** Every header value of the request, as flat name/value pairs in arrival order. */
  static String[] of(HttpRequestView view) {
    PairCollector collector = acquire();
    try {
      view.forEachHeader(collector);
    } catch (RuntimeException | Error e) {
      collector.release();
      throw e;
    }
    return collector.release();
  }

  /** Every header value of the response, as flat name/value pairs in arrival order. */
  static String[] of(HttpResponseView view) {
    PairCollector collector = acquire();
    try {
      view.forEachHeader(collector);
    } catch (RuntimeException | Error e) {
      collector.release();
      throw e;
    }
    return collector.release();
  }

  /** This thread's collector, empty; a fresh one if it is already in use further up the stack. */
  private static PairCollector acquire() {
    PairCollector collector = PER_THREAD.get();
    if (collector.inUse) {
      collector = new PairCollector();
    }
    collector.inUse = true;
    return collector;
  }

  @Override
  public void accept(String name, String value) {
    if (name == null || value == null) {
      return;
    }
    if (size + 2 > items.length) {
      items = Arrays.copyOf(items, items.length * 2);
    }
    items[size++] = name;
    items[size++] = value;
  }

  /** The pairs collected; the collector is emptied (holding no references) and free for reuse. */
  private String[] release() {
    String[] pairs = size == 0 ? EMPTY : Arrays.copyOf(items, size);
    if (items.length > MAX_RETAINED) {
      items = new String[32];
    } else {
      Arrays.fill(items, 0, size, null);
    }
    size = 0;
    inUse = false;
    return pairs;
  }
}
