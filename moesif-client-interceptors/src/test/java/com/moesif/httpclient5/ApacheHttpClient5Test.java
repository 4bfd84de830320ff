package com.moesif.httpclient5;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/** The client suite over the classic Apache HttpClient 5 with {@link MoesifHttpClient5#addTo}. */
class ApacheHttpClient5Test extends AbstractClientSuite {

  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    CloseableHttpClient client =
        MoesifHttpClient5.addTo(HttpClients.custom(), moesif)
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(readTimeout.toMillis())).build())
            .build();
    return new ClientUnderTest() {
      @Override
      public Response execute(Request request) throws Exception {
        ClassicRequestBuilder builder = ClassicRequestBuilder.create(request.method()).setUri(request.uri());
        request.headers().forEach(builder::addHeader);
        if (request.body() != null) {
          builder.setEntity(new ByteArrayEntity(request.body(), ContentType.parse(request.contentType())));
        }
        ClassicHttpRequest httpRequest = builder.build();
        return client.execute(httpRequest, response -> {
          Map<String, List<String>> headers = new LinkedHashMap<>();
          for (Header h : response.getHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new java.util.ArrayList<>()).add(h.getValue());
          }
          byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
          return new Response(response.getCode(), headers, body);
        });
      }

      @Override
      public void close() {
        client.close(CloseMode.GRACEFUL);
      }
    };
  }

  @Override
  protected Class<?> nativeRequestType() {
    return ClassicHttpRequest.class;
  }
}
