package com.moesif.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.RawHttp;
import com.moesif.core.testkit.ServerHandle;
import org.junit.jupiter.api.Test;

/** The server scenarios on Spark Java 2.9 (embedded Jetty 9) with {@link MoesifSpark}. */
class SparkMoesifTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestSpark.start(http -> {
      MoesifSpark.register(http, moesif);
      ScenarioRoutes.install(http);
    });
  }

  /**
   * Spark has no asynchronous completion: a route returns its result (or throws) on the request
   * thread, and Spark writes the response right after; there is no AsyncContext a route could
   * complete later. The suite's {@code /async} route is served synchronously instead.
   */
  @Override
  protected boolean supportsAsync() {
    return false;
  }

  /**
   * A known gap, pinned: Spark's embedded Jetty 9.4 trusts forwarding headers by default, and its
   * {@code ForwardedRequestCustomizer}, before any filter runs, sets the scheme and authority on
   * the request's only {@code HttpURI} (in place) and replaces the Host field in its only {@code
   * HttpFields}: the original values exist nowhere the adapter can read, so the event shows the
   * request as the application sees it.
   */
  @Override
  @Test
  protected void uriAndHostAreLoggedAsTheyArrivedDespiteForwardingHeaders() throws Exception {
    start();
    RawHttp.Response response =
        rawGet("/hello?via=proxy", "X-Forwarded-Proto: https\r\nX-Forwarded-Host: api.example.com\r\nX-Forwarded-Port: 443\r\n");

    assertThat(response.status()).isEqualTo(200);
    JsonNode request = singleEvent().get("request");
    assertThat(request.get("uri").asText()).isEqualTo("https://api.example.com/hello?via=proxy");
    assertThat(header(request, "Host")).isEqualTo(HOST_AS_REWRITTEN);
    assertThat(header(request, "X-Forwarded-Host")).isEqualTo("api.example.com");
  }

  private static final String HOST_AS_REWRITTEN = "api.example.com:443";

  /**
   * A known gap, pinned: Jetty 9.4's parser answers a common header line from a cache matched
   * ignoring case (its default compliance mode, RFC7230_LEGACY, allows {@code
   * CASE_INSENSITIVE_FIELD_VALUE_CACHE}), so the parsed request, which the application reads too,
   * holds only the cached spelling; the bytes as sent are gone once the line is parsed.
   */
  @Override
  @Test
  protected void commonHeaderValueIsLoggedInTheCaseItWasSent() throws Exception {
    start();
    RawHttp.Response response = rawGet("/hello", "Content-Type: application/json;charset=utf-8\r\n");

    assertThat(response.status()).isEqualTo(200);
    assertThat(header(singleEvent().get("request"), "Content-Type")).isEqualTo("application/json;charset=UTF-8");
  }
}
