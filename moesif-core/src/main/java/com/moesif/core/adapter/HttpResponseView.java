package com.moesif.core.adapter;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** What an adapter tells the engine about a response: getters over the native response. */
public interface HttpResponseView {

  /** {@return the status the client got (or will get)} */
  int status();

  /**
   * The first value of a header.
   *
   * @param name the header's name, in any letter case
   * @return its first value, or null when absent
   */
  @Nullable String header(String name);

  /**
   * Calls {@code action} once per header value.
   *
   * @param action called with each header's name and value
   */
  void forEachHeader(BiConsumer<String, String> action);

  /** {@return the native response object, for {@code CapturedResponse.unwrap}} */
  Object nativeResponse();
}
