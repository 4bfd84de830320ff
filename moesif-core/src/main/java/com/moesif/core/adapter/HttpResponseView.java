package com.moesif.core.adapter;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** What an adapter tells the engine about a response: getters over the native response. */
public interface HttpResponseView {

  /** {@return the status the client got (or will get)} */
  int status();

  /** First value of the named header (case-insensitive), or null. */
  @Nullable String header(String name);

  /** Calls {@code action} once per header value. */
  void forEachHeader(BiConsumer<String, String> action);

  /** {@return the native response object, for {@code CapturedResponse.unwrap}} */
  Object nativeResponse();
}
