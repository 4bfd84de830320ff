package com.moesif.spring;

import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.HttpResponseView;
import com.moesif.core.adapter.TeeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * One call of {@link MoesifClientHttpRequestInterceptor} being captured. It settles exactly once:
 * {@link #complete} (the caller read the body to its end or closed it: the event is queued) or
 * {@link #fail} (no complete response: counted, no event), whichever comes first.
 */
final class OutgoingCall {
  private final Exchange exchange;

  private OutgoingCall(Exchange exchange) {
    this.exchange = exchange;
  }

  /** Null when the call passes through untouched (capture off, skipped, to the collector, or our error). */
  static @Nullable OutgoingCall start(CaptureEngine engine, HttpRequest request) {
    try {
      Exchange exchange = engine.startOutgoing(new RequestView(request));
      return exchange == null ? null : new OutgoingCall(exchange);
    } catch (Throwable t) {
      engine.adapterError("spring-client-start", t);
      return null;
    }
  }

  Exchange exchange() {
    return exchange;
  }

  /** The call failed without a response; {@link Exchange} settles once, whichever end comes first. */
  void fail(Throwable error) {
    exchange.fail(error);
  }

  void complete(ClientHttpResponse response) {
    exchange.end(new ResponseView(response), null);
  }

  /** The response with its body teed into the capture as the caller reads it. */
  ClientHttpResponse tee(ClientHttpResponse response) {
    return new TeeResponse(response, this);
  }

  private static final class RequestView implements HttpRequestView {
    private final HttpRequest request;

    RequestView(HttpRequest request) {
      this.request = request;
    }

    @Override
    public String method() {
      return request.getMethod().name();
    }

    @Override
    public String url() {
      return request.getURI().toString();
    }

    @Override
    public @Nullable String remoteAddress() {
      return null;
    }

    @Override
    public @Nullable String header(String name) {
      return request.getHeaders().getFirst(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      forEach(request.getHeaders(), action);
    }

    @Override
    public Object nativeRequest() {
      return request;
    }
  }

  private static final class ResponseView implements HttpResponseView {
    private final ClientHttpResponse response;

    ResponseView(ClientHttpResponse response) {
      this.response = response;
    }

    @Override
    public int status() {
      try {
        return response.getStatusCode().value();
      } catch (IOException e) {
        throw new IllegalStateException("the response has no status", e);
      }
    }

    @Override
    public @Nullable String header(String name) {
      return response.getHeaders().getFirst(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      OutgoingCall.forEach(response.getHeaders(), action);
    }

    @Override
    public Object nativeResponse() {
      return response;
    }
  }

  private static void forEach(HttpHeaders headers, BiConsumer<String, String> action) {
    headers.forEach((name, values) -> values.forEach(value -> action.accept(name, value)));
  }

  /** Delegates everything; the body is a tee, and closing settles the call. */
  private static final class TeeResponse implements ClientHttpResponse {
    private final ClientHttpResponse delegate;
    private final OutgoingCall call;
    private @Nullable InputStream body;

    TeeResponse(ClientHttpResponse delegate, OutgoingCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public HttpStatusCode getStatusCode() throws IOException {
      return delegate.getStatusCode();
    }

    @Override
    public String getStatusText() throws IOException {
      return delegate.getStatusText();
    }

    @Override
    public HttpHeaders getHeaders() {
      return delegate.getHeaders();
    }

    @Override
    public synchronized InputStream getBody() throws IOException {
      InputStream b = body;
      if (b == null) {
        b = TeeInputStream.completing(delegate.getBody(), call.exchange, new ResponseView(delegate));
        body = b;
      }
      return b;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        call.complete(delegate); // closed before the end: the event has what the caller read
      }
    }
  }
}
