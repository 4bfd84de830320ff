package com.moesif.httpclient5;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/** The client suite over the async Apache HttpClient 5 with {@link MoesifHttpClient5#addTo}. */
class ApacheHttpAsyncClient5Test extends AbstractClientSuite {

  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    CloseableHttpAsyncClient client =
        MoesifHttpClient5.addTo(HttpAsyncClients.custom(), moesif)
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(readTimeout.toMillis())).build())
            .build();
    client.start();
    return new ClientUnderTest() {
      @Override
      public Response execute(Request request) throws Exception {
        try {
          return executeAsync(request).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }

      @Override
      public CompletableFuture<Response> executeAsync(Request request) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.method()).setUri(request.uri());
        request.headers().forEach(builder::addHeader);
        if (request.body() != null) {
          builder.setBody(request.body(), ContentType.parse(request.contentType()));
        }
        SimpleHttpRequest httpRequest = builder.build();
        CompletableFuture<Response> result = new CompletableFuture<>();
        client.execute(httpRequest, new FutureCallback<SimpleHttpResponse>() {
          @Override
          public void completed(SimpleHttpResponse response) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
              headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
            }
            byte[] body = response.getBodyBytes();
            result.complete(new Response(response.getCode(), headers, body == null ? new byte[0] : body));
          }

          @Override
          public void failed(Exception e) {
            result.completeExceptionally(e);
          }

          @Override
          public void cancelled() {
            result.cancel(false);
          }
        });
        return result;
      }

      @Override
      public void close() {
        client.close(CloseMode.GRACEFUL);
      }
    };
  }

  @Override
  protected boolean supportsAsync() {
    return true;
  }

  @Override
  protected Class<?> nativeRequestType() {
    return SimpleHttpRequest.class;
  }
}
