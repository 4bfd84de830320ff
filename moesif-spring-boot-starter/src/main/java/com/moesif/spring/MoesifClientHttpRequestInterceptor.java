package com.moesif.spring;

import com.moesif.core.Moesif;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Captures the calls a {@code RestClient} or {@code RestTemplate} makes as {@code Outgoing}
 * events. The starter adds it to every client built from Spring Boot's {@code RestClient.Builder}
 * and {@code RestTemplateBuilder} when {@code moesif.capture-outgoing-requests=true}; for a client
 * built by hand:
 *
 * <pre>{@code
 * RestClient client = RestClient.builder().requestInterceptor(new MoesifClientHttpRequestInterceptor(moesif)).build();
 * }</pre>
 *
 * One event per call, after the interceptors before it in the list ran. The request gets an
 * {@code X-Moesif-Transaction-Id} header; its body (which Spring hands every interceptor as
 * bytes) is copied up to the capture limit. The response body is teed as the caller reads it,
 * never read ahead; the event is queued when the caller reads it to the end or closes the
 * response. A call that fails without a response is counted in {@code stats().outgoingFailures()}.
 * Any error of the SDK's own is counted and the call proceeds untouched.
 */
public final class MoesifClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
  private final CaptureEngine engine;

  /**
   * An interceptor capturing through {@code moesif}.
   *
   * @param moesif the SDK instance
   */
  public MoesifClientHttpRequestInterceptor(Moesif moesif) {
    this.engine = Objects.requireNonNull(moesif, "moesif").captureEngine();
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    OutgoingCall call = OutgoingCall.start(engine, request);
    if (call == null) {
      return execution.execute(request, body);
    }
    try {
      if (body.length > 0 && call.exchange().requestBody().isEnabled()) {
        call.exchange().requestBody().write(body, 0, body.length);
      }
      String transactionId = call.exchange().transactionId();
      if (transactionId != null) {
        request.getHeaders().set(Exchange.TRANSACTION_ID_HEADER, transactionId);
      }
    } catch (Throwable t) {
      engine.adapterError("spring-client-request", t);
    }
    ClientHttpResponse response;
    try {
      response = execution.execute(request, body);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    return call.tee(response);
  }
}
