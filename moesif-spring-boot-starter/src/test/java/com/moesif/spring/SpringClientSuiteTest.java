package com.moesif.spring;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractClientSuite;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The outgoing scenarios through a {@code RestClient} (on the JDK's HttpClient) with {@link MoesifClientHttpRequestInterceptor}. */
class SpringClientSuiteTest extends AbstractClientSuite {
  @Override
  protected ClientUnderTest client(Moesif moesif, Duration readTimeout) {
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "rest-client-test");
      t.setDaemon(true);
      return t;
    });
    HttpClient http =
        HttpClient.newBuilder()
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
    factory.setReadTimeout(readTimeout);
    RestClient client =
        RestClient.builder().requestFactory(factory).requestInterceptor(new MoesifClientHttpRequestInterceptor(moesif)).build();
    return new ClientUnderTest() {
      @Override
      public Response execute(Request request) {
        RestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(request.method())).uri(request.uri());
        request.headers().forEach(spec::header);
        if (request.body() != null) {
          spec.contentType(MediaType.parseMediaType(request.contentType())).body(request.body());
        }
        return spec.exchange(
            (clientRequest, response) ->
                new Response(response.getStatusCode().value(), response.getHeaders(), response.getBody().readAllBytes()));
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }

  @Override
  protected Class<?> nativeRequestType() {
    return HttpRequest.class;
  }
}
