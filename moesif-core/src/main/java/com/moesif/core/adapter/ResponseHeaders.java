package com.moesif.core.adapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Headers the SDK puts on a response, in order: the transaction id and what governance rules add
 * ({@link Exchange#responseHeaders()}), or a blocking rule's answer ({@link
 * #of(BlockResponse)}). An adapter only says how to set and add a header on its native response
 * ({@code applyTo(response::setHeader, response::addHeader)}); the order and the set-then-add rule (the first value of a name replaces what
 * the response has, later values of the same name are added) live here, the same for every
 * framework.
 */
public final class ResponseHeaders {
  private static final ResponseHeaders NONE = new ResponseHeaders(List.of());

  private final List<Map.Entry<String, String>> headers;

  private ResponseHeaders(List<Map.Entry<String, String>> headers) {
    this.headers = headers;
  }

  static ResponseHeaders of(@Nullable String transactionId, List<Map.Entry<String, String>> governance) {
    if (transactionId == null && governance.isEmpty()) {
      return NONE;
    }
    if (governance.isEmpty()) {
      return new ResponseHeaders(List.of(Map.entry(Exchange.TRANSACTION_ID_HEADER, transactionId)));
    }
    List<Map.Entry<String, String>> all = new ArrayList<>(governance.size() + 1);
    if (transactionId != null) {
      all.add(Map.entry(Exchange.TRANSACTION_ID_HEADER, transactionId));
    }
    all.addAll(governance);
    return new ResponseHeaders(List.copyOf(all));
  }

  /**
   * The headers of a blocking rule's answer, in the rule's order.
   *
   * @param block the rule's answer
   * @return its headers
   */
  public static ResponseHeaders of(BlockResponse block) {
    return new ResponseHeaders(block.headers());
  }

  /** {@return true when there is nothing to set} */
  public boolean isEmpty() {
    return headers.isEmpty();
  }

  /** {@return the name of the first header, or null when there is none (to tell whether a reset cleared them)} */
  public @Nullable String firstName() {
    return headers.isEmpty() ? null : headers.get(0).getKey();
  }

  /** {@return the headers in order, unmodifiable} */
  public List<Map.Entry<String, String>> asList() {
    return headers;
  }

  /**
   * Writes every header on a native response: a name's first value goes to {@code set} (which
   * replaces every value the name has), later values of the same name to {@code add}.
   *
   * @param set sets a header, replacing its values
   * @param add adds a value to a header
   */
  public void applyTo(BiConsumer<String, String> set, BiConsumer<String, String> add) {
    int n = headers.size();
    if (n == 0) {
      return;
    }
    if (n == 1) {
      Map.Entry<String, String> only = headers.get(0);
      set.accept(only.getKey(), only.getValue());
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> header : headers) {
      if (seen.add(header.getKey().toLowerCase(Locale.ROOT))) {
        set.accept(header.getKey(), header.getValue());
      } else {
        add.accept(header.getKey(), header.getValue());
      }
    }
  }
}
