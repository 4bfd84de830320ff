package com.moesif.httpclient5;

import com.moesif.core.Moesif;
import com.moesif.httpclient5.internal.MoesifAsyncExecChainHandler;
import com.moesif.httpclient5.internal.MoesifExecChainHandler;
import java.util.Objects;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Captures the calls an Apache HttpClient 5 client (classic or async) makes as {@code Outgoing}
 * events:
 *
 * <pre>{@code
 * CloseableHttpClient client = MoesifHttpClient5.addTo(HttpClients.custom(), moesif).build();
 * CloseableHttpAsyncClient async = MoesifHttpClient5.addTo(HttpAsyncClients.custom(), moesif).build();
 * }</pre>
 *
 * The handler runs first in the client's execution chain, so it sees each call once, as the
 * caller made it: one event per call (redirects and retries happen inside it), with the response
 * body as the caller reads it (after the client's transparent decompression). The request gets an
 * {@code X-Moesif-Transaction-Id} header; the request entity is teed as the client writes it; the
 * response entity is teed as the caller reads it, and the event is queued when the caller reads
 * it to its end or closes it (closing the response does). Calls that fail without a response are
 * counted, not reported, and the caller gets the client's exception unchanged. The async client
 * is captured the same way: its entity producer and data consumer are teed, and the event is
 * queued when the response stream ends.
 */
public final class MoesifHttpClient5 {
  /** The name the handler is registered under in the execution chain. */
  public static final String HANDLER_NAME = "moesif";

  private MoesifHttpClient5() {}

  /**
   * Registers the capture handler first in {@code builder}'s execution chain.
   *
   * @param builder the classic client's builder
   * @param moesif the SDK to capture with; the caller closes it
   * @return {@code builder}
   */
  public static HttpClientBuilder addTo(HttpClientBuilder builder, Moesif moesif) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(moesif, "moesif");
    return builder.addExecInterceptorFirst(HANDLER_NAME, new MoesifExecChainHandler(moesif.captureEngine()));
  }

  /**
   * Registers the async capture handler first in {@code builder}'s execution chain.
   *
   * @param builder the async client's builder
   * @param moesif the SDK to capture with; the caller closes it
   * @return {@code builder}
   */
  public static HttpAsyncClientBuilder addTo(HttpAsyncClientBuilder builder, Moesif moesif) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(moesif, "moesif");
    return builder.addExecInterceptorFirst(HANDLER_NAME, new MoesifAsyncExecChainHandler(moesif.captureEngine()));
  }
}
