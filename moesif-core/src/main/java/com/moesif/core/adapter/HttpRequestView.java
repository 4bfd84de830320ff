package com.moesif.core.adapter;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter tells the engine about a request: getters over the framework's native request,
 * nothing more. Implementations are cheap wrappers; the engine calls them on the request thread
 * and only while the native request is valid (between {@code start} and {@code end}).
 */
public interface HttpRequestView {

  /** {@return upper-case HTTP method} */
  String method();

  /** {@return absolute URL as received: {@code scheme://host[:port]/path?query}} */
  String url();

  /** {@return IP literal of the socket peer (the direct client or the nearest proxy), or null} */
  @Nullable String remoteAddress();

  /**
   * The first value of a header.
   *
   * @param name the header's name, in any letter case
   * @return its first value, or null when absent
   */
  @Nullable String header(String name);

  /**
   * Calls {@code action} once per header value, in arrival order.
   *
   * @param action called with each header's name and value
   */
  void forEachHeader(BiConsumer<String, String> action);

  /** {@return the framework's route template ({@code /users/{id}}) when it knows one} */
  default @Nullable String route() {
    return null;
  }

  /**
   * Reads up to {@code limit} bytes of the request body ahead of the handler, for governance
   * rules that look at body fields, such that the application still reads the whole body
   * unchanged afterwards (the adapter replays the peeked bytes). Only called when such rules
   * exist.
   *
   * @param limit how many bytes to read at most
   * @return the peeked bytes, or null when the adapter cannot peek (the rules then see no body)
   */
  default byte @Nullable [] peekBody(int limit) {
    return null;
  }

  /** {@return the native request object, for {@code CapturedRequest.unwrap}} */
  Object nativeRequest();
}
