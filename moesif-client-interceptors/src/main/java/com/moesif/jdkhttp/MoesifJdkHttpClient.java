package com.moesif.jdkhttp;

import com.moesif.core.Moesif;
import com.moesif.jdkhttp.internal.TeeHttpClient;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Captures the calls a {@link java.net.http.HttpClient} makes as {@code Outgoing} events. The JDK
 * client has no interceptor API, so this wraps it:
 *
 * <pre>{@code
 * HttpClient client = MoesifJdkHttpClient.wrap(HttpClient.newHttpClient(), moesif);
 * }</pre>
 *
 * The wrapper delegates every method to the wrapped client and captures {@code send} and both
 * {@code sendAsync} overloads: one event per call (redirects the client follows are not reported
 * separately), the request body teed as the client sends it, the response body teed as the
 * caller's {@code BodyHandler} receives it, the event queued when that body completes. The request
 * gets an {@code X-Moesif-Transaction-Id} header. Calls that fail without a response (connection
 * refused, timeout, cancellation) are counted, not reported, and the caller gets the client's own
 * exception unchanged. Push promises and WebSockets pass through uncaptured.
 */
public final class MoesifJdkHttpClient {
  private MoesifJdkHttpClient() {}

  /**
   * A client that behaves exactly as {@code client} and captures the calls made through it.
   *
   * @param client the client to wrap; it still does all the work
   * @param moesif the SDK to capture with; the caller closes it
   * @return the capturing client
   */
  public static HttpClient wrap(HttpClient client, Moesif moesif) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(moesif, "moesif");
    if (client instanceof TeeHttpClient) {
      return client; // wrapping twice would report every call twice
    }
    return new TeeHttpClient(client, moesif.captureEngine());
  }
}
