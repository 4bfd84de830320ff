package com.moesif.examples;

import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.QuietException;
import org.jspecify.annotations.Nullable;

/**
 * The example API ({@link ExampleApi}) as one plain servlet, mapped to {@code /*}. Routing is done
 * by hand so the example shows nothing but the servlet API the filter sees. Public so that the
 * benchmarks can serve the very same servlet behind other filters (moesif-benchmarks' {@code
 * PeerServer}).
 */
public final class ExampleServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  // /stream writes its chunks from here, after the request thread has returned: that exercises the
  // filter's async path (completion comes from AsyncContext.complete(), not from the filter chain).
  private final transient ScheduledExecutorService streamer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "example-stream");
            t.setDaemon(true);
            return t;
          });

  // GET /outgoing calls through these clients (captured when the SDK is on).
  private final transient OutgoingClients outgoing;

  public ExampleServlet(OutgoingClients outgoing) {
    this.outgoing = outgoing;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    String method = req.getMethod();
    if (path.equals("/hello")) {
      if (allow(method, "GET", resp)) {
        send(resp, 200, "text/plain; charset=utf-8", ExampleApi.HELLO.getBytes(StandardCharsets.UTF_8));
      }
    } else if (path.equals("/echo")) {
      if (allow(method, "POST", resp)) {
        echo(req, resp);
      }
    } else if (path.equals("/json")) {
      if (allow(method, "GET", resp)) {
        String param = req.getParameter("size");
        int size = param == null ? ExampleApi.DEFAULT_JSON_SIZE : ExampleApi.parseSize(param);
        if (size < 0) {
          sendError(resp, 400, "size must be an integer from 0 to " + ExampleApi.MAX_JSON_SIZE);
        } else {
          send(resp, 200, "application/json", ExampleApi.jsonDocument(size));
        }
      }
    } else if (path.startsWith("/status/")) {
      if (allow(method, "GET", resp)) {
        int status = ExampleApi.parseStatus(path.substring("/status/".length()));
        if (status < 0) {
          sendError(resp, 400, "status must be an integer from 200 to 599");
        } else {
          send(resp, status, "application/json", ExampleApi.statusBody(status));
        }
      }
    } else if (path.equals("/stream")) {
      if (allow(method, "GET", resp)) {
        stream(req, resp);
      }
    } else if (path.equals("/outgoing")) {
      if (allow(method, "GET", resp)) {
        outgoing(req, resp);
      }
    } else if (path.equals("/error")) {
      if (allow(method, "GET", resp)) {
        throw new ExampleFailure("deliberate failure: GET /error always throws");
      }
    } else if (path.startsWith("/users/") && path.length() > "/users/".length()
        && path.indexOf('/', "/users/".length()) < 0) {
      if (allow(method, "GET", resp)) {
        send(resp, 200, "application/json", ExampleApi.userJson(path.substring("/users/".length())));
      }
    } else {
      sendError(resp, 404, "no route for " + path);
    }
  }

  @Override
  public void destroy() {
    streamer.shutdownNow();
  }

  private static void echo(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    // Streamed, never buffered: echo works for bodies of any size and shows the filter's tee at work.
    String contentType = req.getContentType();
    resp.setStatus(200);
    resp.setContentType(contentType == null ? "application/octet-stream" : contentType);
    long length = req.getContentLengthLong();
    if (length >= 0) {
      resp.setContentLengthLong(length);
    }
    req.getInputStream().transferTo(resp.getOutputStream());
  }

  private void outgoing(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    byte[] answer;
    try {
      answer = outgoing.callAll(req.getLocalPort());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sendError(resp, 502, "interrupted while calling " + ExampleApi.OUTGOING_TARGET);
      return;
    } catch (IOException e) {
      sendError(resp, 502, "calling " + ExampleApi.OUTGOING_TARGET + " failed: " + e);
      return;
    }
    send(resp, 200, "application/json", answer);
  }

  private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(200);
    resp.setContentType("text/plain; charset=utf-8");
    AsyncContext async = req.startAsync();
    async.setTimeout(ExampleApi.STREAM_INTERVAL.toMillis() * (ExampleApi.STREAM_CHUNKS + 20));
    ServletOutputStream out = resp.getOutputStream();
    streamer.execute(new Runnable() {
      private int sent;

      @Override
      public void run() {
        try {
          out.write(ExampleApi.streamChunk(sent));
          out.flush();
          if (++sent < ExampleApi.STREAM_CHUNKS) {
            streamer.schedule(this, ExampleApi.STREAM_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return;
          }
        } catch (IOException | RuntimeException clientGone) {
          // the client hung up: finish the exchange so the container (and the filter) can record it
        }
        async.complete();
      }
    });
  }

  private static boolean allow(String method, String allowed, HttpServletResponse resp)
      throws IOException {
    if (method.equals(allowed)) {
      return true;
    }
    resp.setHeader("Allow", allowed);
    sendError(resp, 405, method + " not allowed; use " + allowed);
    return false;
  }

  private static void sendError(HttpServletResponse resp, int status, String message)
      throws IOException {
    send(resp, status, "application/json", ("{\"error\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpServletResponse resp, int status, @Nullable String contentType, byte[] body)
      throws IOException {
    resp.setStatus(status);
    if (body.length > 0 && contentType != null) {
      resp.setContentType(contentType);
    }
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  private static String quote(String text) {
    return TextNode.valueOf(text).toString();
  }

  /**
   * The exception {@code GET /error} throws; the container turns it into a 500. Jetty logs a
   * {@link QuietException} in one line instead of a stack trace: this failure is the point of the
   * route, and a trace in every demo run would look like a bug.
   */
  static final class ExampleFailure extends RuntimeException implements QuietException {
    private static final long serialVersionUID = 1L;

    ExampleFailure(String message) {
      super(message);
    }
  }
}
