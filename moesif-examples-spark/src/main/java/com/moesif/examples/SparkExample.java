package com.moesif.examples;

import com.moesif.core.Moesif;
import com.moesif.spark.MoesifSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The example API ({@link ExampleApi}) on Spark Java 2.9 (embedded Jetty 9), captured by {@link
 * MoesifSpark}, in Spark's own idioms: routes returning their bodies, {@code :params}, an {@code
 * exception(...)} mapper and a {@code notFound} route for the error answers. Same routes and bodies
 * as the servlet example.
 *
 * <p>The examples jar runs this class in a class loader of its own (Jetty 9 and Jetty 12 cannot
 * share one), calling {@link #start} and {@link #stop} reflectively: hence only JDK and SDK types
 * in their signatures.
 */
public final class SparkExample {
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";

  private @Nullable Service http;

  /**
   * Starts serving on {@code 127.0.0.1:port}.
   *
   * @param moesif the SDK to capture with (the caller flushes and closes it), or null for none
   * @return the port actually bound
   * @throws IOException when Spark cannot start (the port is taken, say)
   */
  public synchronized int start(int port, @Nullable Moesif moesif) throws IOException {
    if (http != null) {
      throw new IllegalStateException("already started");
    }
    Service spark = Service.ignite().ipAddress("127.0.0.1").port(port);
    AtomicReference<Exception> failed = new AtomicReference<>();
    spark.initExceptionHandler(failed::set); // Spark's default would System.exit(100)
    if (moesif != null) {
      MoesifSpark.register(spark, moesif); // first, so it sees every call
    }
    routes(spark, OutgoingClients.create(moesif));
    spark.awaitInitialization();
    if (failed.get() != null) {
      stop(spark);
      throw new IOException("Spark did not start: " + failed.get().getMessage(), failed.get());
    }
    http = spark;
    return spark.port();
  }

  /** Stops serving and waits until Spark has let go of the port. */
  public synchronized void stop() {
    Service spark = http;
    http = null;
    if (spark != null) {
      stop(spark);
    }
  }

  private static void stop(Service spark) {
    spark.stop();
    spark.awaitStop();
  }

  private static void routes(Service http, OutgoingClients outgoing) {
    http.get("/hello", (req, res) -> send(res, 200, TEXT, ExampleApi.HELLO.getBytes(StandardCharsets.UTF_8)));
    http.post("/echo", (req, res) -> {
      // Spark reads and keeps the whole body (request.bodyAsBytes()); Moesif copies it as it is read.
      String type = req.contentType();
      return send(res, 200, type == null ? "application/octet-stream" : type, req.bodyAsBytes());
    });
    http.get("/json", (req, res) -> {
      String param = req.queryParams("size");
      int size = param == null ? ExampleApi.DEFAULT_JSON_SIZE : ExampleApi.parseSize(param);
      if (size < 0) {
        return send(res, 400, JSON, ExampleApi.errorJson("size must be an integer from 0 to " + ExampleApi.MAX_JSON_SIZE));
      }
      return send(res, 200, JSON, ExampleApi.jsonDocument(size));
    });
    http.get("/status/:code", (req, res) -> {
      int status = ExampleApi.parseStatus(req.params(":code"));
      if (status < 0) {
        return send(res, 400, JSON, ExampleApi.errorJson("status must be an integer from 200 to 599"));
      }
      return send(res, status, JSON, ExampleApi.statusBody(status));
    });
    http.get("/stream", (req, res) -> {
      // Spark has no asynchronous responses: the route writes and flushes each chunk itself.
      res.status(200);
      res.type(TEXT);
      OutputStream out = res.raw().getOutputStream();
      try {
        for (int i = 0; i < ExampleApi.STREAM_CHUNKS; i++) {
          if (i > 0) {
            Thread.sleep(ExampleApi.STREAM_INTERVAL.toMillis());
          }
          out.write(ExampleApi.streamChunk(i));
          out.flush();
        }
      } catch (IOException clientGone) {
        // the client hung up: nothing more to send
      }
      return ""; // written already
    });
    http.get("/error", (req, res) -> {
      throw new ExampleFailure("deliberate failure: GET /error always throws");
    });
    http.get("/users/:id", (req, res) -> send(res, 200, JSON, ExampleApi.userJson(req.params(":id"))));
    http.get("/outgoing", (req, res) -> outgoing(res, outgoing, req.raw().getLocalPort()));

    // Without these Spark would log a stack trace for /error and answer HTML for both.
    http.exception(ExampleFailure.class, (e, req, res) -> {
      res.status(500);
      res.type(JSON);
      res.body(new String(ExampleApi.errorJson(e.getMessage()), StandardCharsets.UTF_8));
    });
    http.notFound(SparkExample::notFound);
  }

  /** Calls {@code GET /hello} on this same server through the captured client. */
  private static Object outgoing(Response res, OutgoingClients clients, int port) throws IOException {
    try {
      return send(res, 200, JSON, clients.callAll(port));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return send(res, 502, JSON, ExampleApi.errorJson("interrupted while calling " + ExampleApi.OUTGOING_TARGET));
    } catch (IOException e) {
      return send(res, 502, JSON, ExampleApi.errorJson("calling " + ExampleApi.OUTGOING_TARGET + " failed: " + e));
    }
  }

  /** The servlet example's answers for a path no route serves: 405 for a known path, else 404. */
  private static Object notFound(Request req, Response res) throws IOException {
    String path = req.raw().getRequestURI();
    String allowed = allowedMethod(path);
    if (allowed != null) {
      res.header("Allow", allowed);
      return send(res, 405, JSON, ExampleApi.errorJson(req.requestMethod() + " not allowed; use " + allowed));
    }
    return send(res, 404, JSON, ExampleApi.errorJson("no route for " + path));
  }

  private static @Nullable String allowedMethod(String path) {
    switch (path) {
      case "/hello":
      case "/json":
      case "/stream":
      case "/error":
      case "/outgoing":
        return "GET";
      case "/echo":
        return "POST";
      default:
        boolean user = path.startsWith("/users/") && path.length() > "/users/".length()
            && path.indexOf('/', "/users/".length()) < 0;
        return user || path.startsWith("/status/") ? "GET" : null;
    }
  }

  /**
   * Answers with exactly these bytes and type. An empty body is committed at once: Spark would
   * otherwise give it its default {@code text/html} type.
   */
  private static Object send(Response res, int status, String type, byte[] body) throws IOException {
    res.status(status);
    if (body.length == 0) {
      res.raw().setContentLength(0);
      res.raw().flushBuffer();
      return "";
    }
    res.type(type);
    return body;
  }

  /** What {@code GET /error} throws; mapped to a JSON 500 by {@code exception(...)}. */
  static final class ExampleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExampleFailure(String message) {
      super(message);
    }
  }
}
