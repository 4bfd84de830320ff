package com.moesif.servlet;

import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_DELAY;
import static com.moesif.core.testkit.AbstractServerSuite.HEALTH_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.HELLO;

import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ScenarioStream;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scenario application of {@link AbstractServerSuite} as a plain servlet, shared by the Jetty
 * and Tomcat tests, plus the routes {@link MoesifFilterTest} needs. Writes use a mix of {@code
 * getWriter()} and {@code getOutputStream()} so both paths are exercised by the suite.
 */
final class ScenarioServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Executor LATER =
      CompletableFuture.delayedExecutor(ASYNC_DELAY.toMillis(), TimeUnit.MILLISECONDS);

  /** The last exception {@code /throw} threw, to compare instances with what the container saw. */
  static final AtomicReference<Throwable> THROWN = new AtomicReference<>();

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    String path = req.getRequestURI();
    switch (path) {
      case "/hello" -> text(resp, HELLO);
      case "/health" -> text(resp, HEALTH_BODY);
      case "/echo" -> {
        byte[] body = req.getInputStream().readAllBytes();
        resp.setContentType(req.getContentType());
        resp.getOutputStream().write(body);
      }
      case "/form" -> text(resp, "hi " + req.getParameter("name"));
      case "/json" -> {
        resp.setContentType("application/json");
        resp.getOutputStream().write(AbstractServerSuite.jsonOfSize(Integer.parseInt(req.getParameter("size")))
            .getBytes(StandardCharsets.UTF_8));
      }
      case "/binary" -> {
        resp.setContentType("application/octet-stream");
        resp.getOutputStream().write(AbstractServerSuite.binaryBody());
      }
      case "/gzip" -> {
        resp.setContentType("application/json");
        resp.setHeader("Content-Encoding", "gzip");
        resp.getOutputStream().write(AbstractServerSuite.gzippedJson());
      }
      case "/stream" -> stream(resp);
      case "/error" -> throw new RuntimeException("boom");
      case "/async" -> {
        AsyncContext async = req.startAsync();
        LATER.execute(() -> {
          try {
            resp.setContentType("application/json");
            resp.getOutputStream().write(ASYNC_BODY.getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
      }
      // ---- routes of AbstractHostileTrafficSuite
      case "/gzip-bomb" -> {
        resp.setContentType("application/json");
        resp.setHeader("Content-Encoding", "gzip");
        resp.getOutputStream().write(AbstractHostileTrafficSuite.gzipBomb());
      }
      case "/headers" -> {
        int values = 0;
        long chars = 0;
        for (String name : java.util.Collections.list(req.getHeaderNames())) {
          for (String value : java.util.Collections.list(req.getHeaders(name))) {
            values++;
            chars += name.length() + value.length();
          }
        }
        text(resp, "n=" + values + " chars=" + chars);
      }
      // ---- routes of MoesifFilterTest
      case "/async-context-response" -> {
        AsyncContext async = req.startAsync();
        LATER.execute(() -> {
          try {
            HttpServletResponse fromContext = (HttpServletResponse) async.getResponse();
            fromContext.setContentType("text/plain");
            fromContext.getOutputStream().write("written via AsyncContext".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
      }
      case "/async-redispatch" -> {
        // Two async cycles: the first dispatches back here, the second completes with the body.
        AsyncContext async = req.startAsync();
        if (req.getDispatcherType() == DispatcherType.REQUEST) {
          LATER.execute(async::dispatch);
        } else {
          LATER.execute(() -> {
            try {
              resp.setContentType("text/plain");
              resp.getOutputStream().write("second cycle".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } finally {
              async.complete();
            }
          });
        }
      }
      case "/async-timeout" -> {
        AsyncContext async = req.startAsync();
        async.setTimeout(200); // and never completed: the container times it out
      }
      case "/reader-echo" -> {
        String text = readAll(req.getReader());
        resp.setContentType(req.getContentType());
        resp.getWriter().write(text);
      }
      case "/reader-code-points" -> {
        String text = readAll(req.getReader());
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(String.format("U+%04X ", cp)));
        text(resp, out.toString().trim());
      }
      case "/reader-then-stream" -> {
        req.getReader();
        text(resp, illegalState(() -> req.getInputStream()));
      }
      case "/stream-then-reader" -> {
        req.getInputStream();
        text(resp, illegalState(() -> req.getReader()));
      }
      case "/writer-then-stream" -> {
        resp.setContentType("text/plain");
        PrintWriter writer = resp.getWriter();
        writer.print(illegalState(() -> resp.getOutputStream()));
      }
      case "/writer-println" -> {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter writer = resp.getWriter();
        writer.println("line one");
        writer.printf("%s=%d%n", "answer", 42);
        writer.print('\u00e9');
        writer.print("\ud83d\ude00"); // one code point, two chars
        writer.write("\ud83d");
        writer.write("\ude00");
      }
      case "/writer-default-charset" -> {
        resp.setContentType("text/plain"); // no charset: the container picks one when getWriter() is called
        resp.getWriter().write("caf\u00e9");
      }
      case "/nonblocking-echo" -> nonBlockingEcho(req, resp);
      case "/reset" -> {
        resp.setHeader("X-Discarded", "yes");
        resp.getWriter().write("discarded");
        resp.reset();
        text(resp, "kept");
      }
      case "/send-error" -> {
        resp.getWriter().write("partial");
        resp.sendError(418);
      }
      case "/throw" -> {
        Exception e = switch (req.getParameter("type")) {
          case "io" -> new IOException("io boom");
          case "servlet" -> new ServletException("servlet boom");
          default -> new IllegalStateException("runtime boom");
        };
        THROWN.set(e);
        if (e instanceof IOException io) {
          throw io;
        }
        if (e instanceof ServletException se) {
          throw se;
        }
        throw (RuntimeException) e;
      }
      default -> {
        if (path.startsWith("/status/")) {
          int code = Integer.parseInt(path.substring("/status/".length()));
          resp.setStatus(code);
          resp.setContentType("application/json");
          resp.getWriter().write(AbstractServerSuite.statusBody(code));
        } else if (path.startsWith("/users/")) {
          resp.setContentType("application/json");
          resp.getWriter().write(AbstractServerSuite.userBody(path.substring("/users/".length())));
        } else {
          resp.sendError(404);
        }
      }
    }
  }

  private static void text(HttpServletResponse resp, String text) throws IOException {
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().write(text);
  }

  private static void stream(HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain;charset=UTF-8");
    ServletOutputStream out = resp.getOutputStream();
    ScenarioStream.produce(chunk -> {
      out.write(chunk);
      resp.flushBuffer();
    });
  }

  private static String readAll(Reader reader) throws IOException {
    StringWriter out = new StringWriter();
    reader.transferTo(out);
    return out.toString();
  }

  interface IoCall {
    Object call() throws IOException;
  }

  private static String illegalState(IoCall call) throws IOException {
    try {
      call.call();
      return "allowed";
    } catch (IllegalStateException e) {
      return "IllegalStateException";
    }
  }

  /** Reads with a ReadListener, then writes the same bytes back with a WriteListener. */
  private static void nonBlockingEcho(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    AsyncContext async = req.startAsync();
    ServletInputStream in = req.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    in.setReadListener(new ReadListener() {
      private final byte[] buffer = new byte[64];

      @Override
      public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          received.write(buffer, 0, n);
        }
      }

      @Override
      public void onAllDataRead() throws IOException {
        resp.setContentType(req.getContentType());
        ServletOutputStream out = resp.getOutputStream();
        byte[] body = received.toByteArray();
        out.setWriteListener(new WriteListener() {
          private boolean written;

          @Override
          public void onWritePossible() throws IOException {
            if (!written && out.isReady()) {
              written = true;
              out.write(body);
            }
            if (written && out.isReady()) {
              async.complete();
            }
          }

          @Override
          public void onError(Throwable t) {
            async.complete();
          }
        });
      }

      @Override
      public void onError(Throwable t) {
        async.complete();
      }
    });
  }
}
