package com.moesif.examples.snippets;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.httpclient5.MoesifHttpClient5;
import com.moesif.jdkhttp.MoesifJdkHttpClient;
import com.moesif.okhttp.MoesifInterceptor;
import com.moesif.servlet.MoesifFilter;
import jakarta.servlet.ServletContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/** Capturing the calls an application makes: OkHttp, {@code java.net.http}, Apache HttpClient 5. */
final class OutgoingSnippets {
  private OutgoingSnippets() {}

  static void shared(ServletContext servletContext) {
    // snippet: README.md
    Moesif moesif = Moesif.create(MoesifConfig.builder()
        .applyEnvironment()              // MOESIF_APPLICATION_ID, MOESIF_BASE_URI, ... as the filter reads them
        .captureOutgoingRequests(true)
        .build());
    servletContext.addFilter("moesif", new MoesifFilter(moesif));  // incoming, registered as above
    OkHttpClient okhttp = new OkHttpClient.Builder().addInterceptor(new MoesifInterceptor(moesif)).build();
    HttpClient jdk = MoesifJdkHttpClient.wrap(HttpClient.newHttpClient(), moesif);
    CloseableHttpClient apache = MoesifHttpClient5.addTo(HttpClients.custom(), moesif).build();
    // end snippet
  }

  static Moesif create() {
    // snippet: moesif-client-interceptors/README.md
    Moesif moesif = Moesif.create(MoesifConfig.builder()
        .applyEnvironment()              // MOESIF_APPLICATION_ID (required), MOESIF_BASE_URI, ...
        .captureOutgoingRequests(true)
        .build());
    // end snippet
    return moesif;
  }

  static OkHttpClient okhttp(Moesif moesif) {
    // snippet: moesif-client-interceptors/README.md
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(new MoesifInterceptor(moesif))          // one event per call
        // or .addNetworkInterceptor(new MoesifInterceptor(moesif))  // one event per HTTP exchange
        .build();
    // end snippet
    return client;
  }

  static void jdk(Moesif moesif, HttpRequest request) throws Exception {
    // snippet: moesif-client-interceptors/README.md
    HttpClient client = MoesifJdkHttpClient.wrap(HttpClient.newHttpClient(), moesif);
    client.send(request, BodyHandlers.ofString());           // captured
    client.sendAsync(request, BodyHandlers.ofString());      // captured, both overloads
    // end snippet
  }

  static void apache(Moesif moesif) {
    // snippet: moesif-client-interceptors/README.md
    CloseableHttpClient client = MoesifHttpClient5.addTo(HttpClients.custom(), moesif).build();
    CloseableHttpAsyncClient async = MoesifHttpClient5.addTo(HttpAsyncClients.custom(), moesif).build();
    // end snippet
  }
}
