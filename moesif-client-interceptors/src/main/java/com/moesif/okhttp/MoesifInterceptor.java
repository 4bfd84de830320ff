package com.moesif.okhttp;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.Moesif;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.okhttp.internal.OkHttpBodies;
import com.moesif.okhttp.internal.OkHttpRequestView;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Captures the calls an OkHttp client makes as {@code Outgoing} events.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(new MoesifInterceptor(moesif))   // one event per call
 *     .build();
 * }</pre>
 *
 * As an <em>application</em> interceptor ({@code addInterceptor}) it sees the call as the caller
 * made it: one event per call, after redirects and retries, with the body as the caller reads it
 * (transparently un-gzipped by OkHttp). As a <em>network</em> interceptor ({@code
 * addNetworkInterceptor}) it sees every HTTP exchange on the wire: one event per redirect hop or
 * retry, with OkHttp's own headers ({@code Host}, {@code Accept-Encoding}, ...) and the gzip bytes
 * (the engine decodes its copy); calls that never connect do not reach it.
 *
 * <p>The request gets an {@code X-Moesif-Transaction-Id} header. The request body is copied up to
 * the capture limit before the call, unless it is one-shot or duplex (then it is not captured).
 * The response body is teed as the caller reads it, never read ahead, so streams and large bodies
 * behave as without the SDK; the event is queued when the caller reads the body to its end or
 * closes it. Any error of the SDK's own is counted and the call proceeds untouched.
 */
public final class MoesifInterceptor implements Interceptor {
  private final CaptureEngine engine;

  /**
   * An interceptor capturing with {@code moesif}.
   *
   * @param moesif the SDK to capture with; the caller closes it
   */
  public MoesifInterceptor(Moesif moesif) {
    this.engine = Objects.requireNonNull(moesif, "moesif").captureEngine();
  }

  @Override
  public Response intercept(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    OutgoingCall call = OutgoingCall.start(engine, new OkHttpRequestView(request), "okhttp-start");
    if (call == null) {
      return chain.proceed(request);
    }
    Request outgoing = request;
    try {
      OkHttpBodies.copyRequestBody(request.body(), call.requestBody());
      String transactionId = call.transactionId();
      if (transactionId != null) {
        outgoing = request.newBuilder().header(Exchange.TRANSACTION_ID_HEADER, transactionId).build();
      }
    } catch (Throwable t) {
      call.adapterError("okhttp-request", t);
    }
    Response response;
    try {
      response = chain.proceed(outgoing);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    return OkHttpBodies.teeResponse(response, call);
  }
}
