package com.moesif.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.testkit.ServerHandle;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Jetty's objects read directly must give exactly what the servlet API gives. */
class JettyAccessorsTest {
  private final AtomicReference<List<String>> direct = new AtomicReference<>();
  private final AtomicReference<List<String>> servletApi = new AtomicReference<>();
  private final AtomicReference<Boolean> wrapperFound = new AtomicReference<>();
  private final CountDownLatch done = new CountDownLatch(1);

  @Test
  void directReadMatchesTheServletApiOnJetty() throws Exception {
    ServerHandle server =
        TestServers.JETTY.start(
            new HttpServlet() {
              @Override
              protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("application/json; charset=utf-8");
                resp.setContentLength(2);
                resp.addHeader("X-Multi", "a");
                resp.addHeader("x-multi", "b");
                resp.setHeader("X-Empty", "");
                resp.addCookie(new Cookie("one", "1"));
                resp.addCookie(new Cookie("two", "2"));
                resp.addDateHeader("X-When", 0);
                resp.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
                resp.flushBuffer(); // committed: the container's own Server and Date are in too
                JettyAccessors jetty = JettyAccessors.response(resp);
                wrapperFound.set(JettyAccessors.response(new HttpServletResponseWrapper(resp)) != null);
                List<String> fields = new ArrayList<>();
                for (Object field : jetty.fields(resp)) {
                  fields.add(jetty.name(field).toLowerCase(Locale.ROOT) + ": " + jetty.value(field));
                }
                direct.set(fields);
                List<String> api = new ArrayList<>();
                for (String name : resp.getHeaderNames()) {
                  for (String value : resp.getHeaders(name)) {
                    api.add(name.toLowerCase(Locale.ROOT) + ": " + value);
                  }
                }
                servletApi.set(api);
                // The client has its whole response (Content-Length reached) before this line runs.
                done.countDown();
              }
            },
            List.of());
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(server.baseUri().resolve("/x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(done.await(10, TimeUnit.SECONDS)).as("the servlet finished").isTrue();
    } finally {
      server.close();
    }
    assertThat(direct.get())
        .contains("x-multi: a", "x-multi: b", "x-empty: ", "content-length: 2")
        .anyMatch(h -> h.startsWith("set-cookie: one=1"))
        .anyMatch(h -> h.startsWith("set-cookie: two=2"))
        .anyMatch(h -> h.startsWith("server: "))
        .anyMatch(h -> h.startsWith("date: "))
        .anyMatch(h -> h.startsWith("content-type: application/json"))
        .containsExactlyInAnyOrderElementsOf(servletApi.get());
    assertThat(wrapperFound.get()).as("a wrapper is not Jetty's response: the servlet API path").isFalse();
  }

  @Test
  void otherObjectsAreNotRead() {
    assertThat(JettyAccessors.response(new Object())).isNull();
    assertThat(JettyAccessors.request(new Object())).isNull();
  }

  @Test
  void requestUrlMatchesTheServletApiOnJetty() throws Exception {
    List<String> mismatches = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    ServerHandle server =
        TestServers.JETTY.start(
            new HttpServlet() {
              @Override
              protected void service(HttpServletRequest req, HttpServletResponse resp) {
                String query = req.getQueryString();
                String expected = req.getRequestURL() + (query != null ? "?" + query : "");
                String direct = JettyAccessors.request(req).url(req);
                seen.add(direct);
                if (!direct.equals(expected)) {
                  mismatches.add(direct + " != " + expected);
                }
                resp.setStatus(204);
              }
            },
            List.of());
    List<String> targets =
        List.of("/x", "/a%20b/c?x=1&y=%20z", "/q?", "/p;param?x", "/%E2%82%AC/x?e=%E2%82%AC", "/?a=b#frag");
    try {
      HttpClient client = HttpClient.newHttpClient();
      for (String target : targets) {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(server.baseUri() + target)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as(target).isEqualTo(204);
      }
    } finally {
      server.close();
    }
    assertThat(seen).hasSize(targets.size()).allMatch(url -> url.startsWith(server.baseUri().toString()));
    assertThat(mismatches).isEmpty();
  }
}
