package com.moesif.benchmarks;

import com.moesif.core.Direction;
import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.HttpResponseView;
import com.moesif.core.internal.PendingEvent;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/** Shared inputs: typical request/response views, bodies, tokens, and a discarding collector. */
final class Fixtures {
  private Fixtures() {}

  static final String[] REQUEST_HEADERS = {
    "Host", "api.example.com",
    "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Accept", "application/json",
    "Accept-Encoding", "gzip, deflate, br",
    "Authorization", "Bearer " + jwt("user-12345"),
    "X-Forwarded-For", "203.0.113.7, 10.0.0.1",
    "Content-Type", "application/json",
  };

  static final String[] RESPONSE_HEADERS = {
    "Content-Type", "application/json", "Content-Length", "1024", "Cache-Control", "no-store",
  };

  static String jwt(String sub) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"sub\":\"" + sub + "\",\"name\":\"Jane Doe\",\"iat\":1516239022,\"scope\":\"read write\"}")
                .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2lnbmF0dXJl";
  }

  /** A JSON document of exactly {@code size} bytes with a few realistic fields. */
  static byte[] json(int size) {
    String head = "{\"id\":42,\"name\":\"widget\",\"password\":\"hunter2\",\"tags\":[\"a\",\"b\"],\"data\":\"";
    String tail = "\"}";
    int fill = Math.max(0, size - head.length() - tail.length());
    return (head + "x".repeat(fill) + tail).getBytes(StandardCharsets.UTF_8);
  }

  static Request request(String method, String url) {
    return new Request(method, url, REQUEST_HEADERS);
  }

  static final class Request implements HttpRequestView {
    private final String method;
    private final String url;
    private final String[] headers;

    Request(String method, String url, String[] headers) {
      this.method = method;
      this.url = url;
      this.headers = headers;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public String remoteAddress() {
      return "10.0.0.1";
    }

    @Override
    public String header(String name) {
      for (int i = 0; i < headers.length; i += 2) {
        if (headers[i].equalsIgnoreCase(name)) {
          return headers[i + 1];
        }
      }
      return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      for (int i = 0; i < headers.length; i += 2) {
        action.accept(headers[i], headers[i + 1]);
      }
    }

    @Override
    public Object nativeRequest() {
      return this;
    }
  }

  static final class Response implements HttpResponseView {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String header(String name) {
      for (int i = 0; i < RESPONSE_HEADERS.length; i += 2) {
        if (RESPONSE_HEADERS[i].equalsIgnoreCase(name)) {
          return RESPONSE_HEADERS[i + 1];
        }
      }
      return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      for (int i = 0; i < RESPONSE_HEADERS.length; i += 2) {
        action.accept(RESPONSE_HEADERS[i], RESPONSE_HEADERS[i + 1]);
      }
    }

    @Override
    public Object nativeResponse() {
      return this;
    }
  }

  /**
   * The {@code i}-th of a series of pending events that differ like real traffic does: transaction
   * id, times and user (identical events would compress unrealistically well).
   */
  static PendingEvent pending(int bodyBytes, int i) {
    PendingEvent p = pending(bodyBytes);
    java.util.Random random = new java.util.Random(i);
    long start = p.requestTimeMillis() + 7L * i;
    return new PendingEvent(
        p.direction(), start, start + 1 + random.nextInt(20), "https://api.example.com/v1/items/" + (i % 37) + "?expand=owner",
        p.verb(), p.requestHeaders(), p.ipAddress(), p.apiVersion(), p.requestBody(), p.status(), p.responseHeaders(),
        p.responseBody(), "user-" + random.nextInt(1000), p.companyId(), p.sessionToken(), p.metadata(), p.weight(),
        p.blockedBy(), new java.util.UUID(random.nextLong(), random.nextLong()).toString());
  }

  /** A pending event as the request thread would queue it, with bodies of {@code bodyBytes} (0: none). */
  static PendingEvent pending(int bodyBytes) {
    PendingEvent.RawBody req = null;
    PendingEvent.RawBody res = null;
    if (bodyBytes > 0) {
      byte[] body = json(bodyBytes);
      req = new PendingEvent.RawBody(body, body.length, body.length, 1 << 20, "application/json", null);
      res = new PendingEvent.RawBody(body, body.length, body.length, 1 << 20, "application/json", null);
    }
    long now = System.currentTimeMillis();
    return new PendingEvent(
        Direction.INCOMING, now, now + 3, "https://api.example.com/v1/items/42?expand=owner", "GET",
        REQUEST_HEADERS, "203.0.113.7", null, req, 200, RESPONSE_HEADERS, res, "user-12345", "company-9",
        null, null, 1, null, "6b0c3c9e-2b1f-4a7e-9f00-1c2d3e4f5a6b");
  }

  /** A collector on loopback that accepts and discards everything, so shippers keep up. */
  static HttpServer discardingCollector() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-collector");
        t.setDaemon(true);
        return t;
      }));
      server.createContext("/", exchange -> {
        try (InputStream in = exchange.getRequestBody()) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static URI uri(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }
}
