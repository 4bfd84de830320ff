package com.moesif.examples;

import com.fasterxml.jackson.databind.node.TextNode;
import com.moesif.core.Moesif;
import com.moesif.javalin.MoesifPlugin;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The example API ({@link ExampleApi}) as a Javalin 7 application with {@link MoesifPlugin}:
 * routes in {@code config.routes}, path parameters, {@code ctx.future} for the stream, an
 * exception handler for {@code /error} and an error handler for 404s, so every route answers the
 * same bytes as the servlet example.
 */
final class JavalinExampleServer implements ExampleServer {
  private @Nullable Javalin app;
  // /stream writes its chunks from here, after the handler returned: Javalin's async path
  // (ctx.future), which the plugin captures when Javalin completes the response.
  private @Nullable ScheduledExecutorService streamer;

  @Override
  public synchronized int start(int port, @Nullable Moesif moesif) throws Exception {
    if (app != null) {
      throw new IllegalStateException("already started");
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "example-stream");
              t.setDaemon(true);
              return t;
            });
    Javalin javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.prefer405over404 = true; // as the servlet example: a known path, wrong method
      // The servlet example does not compress: the same bytes on the wire, so frameworks compare
      // like with like.
      config.http.compressionStrategy = CompressionStrategy.NONE;
      if (moesif != null) {
        config.registerPlugin(new MoesifPlugin(moesif)); // shared: the caller flushes and closes it
      }
      routes(config, executor, OutgoingClients.create(moesif));
    });
    try {
      javalin.start("127.0.0.1", port);
    } catch (RuntimeException e) {
      javalin.stop();
      executor.shutdownNow();
      if (e instanceof JavalinBindException) {
        // An IOException, as the servlet example's Jetty throws: serve reports it as a taken port.
        BindException taken = new BindException(e.getMessage());
        taken.initCause(e);
        throw taken;
      }
      throw e;
    }
    app = javalin;
    streamer = executor;
    return javalin.port();
  }

  @Override
  public synchronized void stop() {
    Javalin javalin = app;
    app = null;
    if (javalin != null) {
      javalin.stop();
    }
    ScheduledExecutorService executor = streamer;
    streamer = null;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static void routes(JavalinConfig config, ScheduledExecutorService streamer, OutgoingClients outgoing) {
    config.routes.get("/hello", ctx -> send(ctx, 200, "text/plain; charset=utf-8",
        ExampleApi.HELLO.getBytes(StandardCharsets.UTF_8)));
    config.routes.post("/echo", JavalinExampleServer::echo);
    config.routes.get("/json", ctx -> {
      String param = ctx.queryParam("size");
      int size = param == null ? ExampleApi.DEFAULT_JSON_SIZE : ExampleApi.parseSize(param);
      if (size < 0) {
        error(ctx, 400, "size must be an integer from 0 to " + ExampleApi.MAX_JSON_SIZE);
      } else {
        send(ctx, 200, "application/json", ExampleApi.jsonDocument(size));
      }
    });
    config.routes.get("/status/{code}", ctx -> {
      int status = ExampleApi.parseStatus(ctx.pathParam("code"));
      if (status < 0) {
        error(ctx, 400, "status must be an integer from 200 to 599");
      } else {
        send(ctx, status, "application/json", ExampleApi.statusBody(status));
      }
    });
    config.routes.get("/stream", ctx -> stream(ctx, streamer));
    config.routes.get("/error", ctx -> {
      throw new ExampleServlet.ExampleFailure("deliberate failure: GET /error always throws");
    });
    config.routes.get("/users/{id}", ctx ->
        send(ctx, 200, "application/json", ExampleApi.userJson(ctx.pathParam("id"))));
    config.routes.get("/outgoing", ctx -> outgoing(ctx, outgoing));
    config.routes.exception(ExampleServlet.ExampleFailure.class, (e, ctx) -> error(ctx, 500, e.getMessage()));
    config.routes.error(404, ctx -> error(ctx, 404, "no route for " + ctx.path()));
  }

  /** Streamed, never buffered: the request stream becomes the result Javalin copies out. */
  private static void echo(Context ctx) {
    String contentType = ctx.contentType();
    ctx.status(200).contentType(contentType == null ? "application/octet-stream" : contentType);
    ctx.result(ctx.bodyInputStream());
  }

  private static void outgoing(Context ctx, OutgoingClients clients) {
    try {
      send(ctx, 200, "application/json", clients.callAll(ctx.req().getLocalPort()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(ctx, 502, "interrupted while calling " + ExampleApi.OUTGOING_TARGET);
    } catch (IOException e) {
      error(ctx, 502, "calling " + ExampleApi.OUTGOING_TARGET + " failed: " + e);
    }
  }

  private static void stream(Context ctx, ScheduledExecutorService streamer) {
    ctx.status(200).contentType("text/plain; charset=utf-8");
    ctx.future(() -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      streamer.execute(new Runnable() {
        private int sent;

        @Override
        public void run() {
          try {
            OutputStream out = ctx.outputStream();
            out.write(ExampleApi.streamChunk(sent));
            ctx.res().flushBuffer(); // Javalin's own stream does not flush
            if (++sent < ExampleApi.STREAM_CHUNKS) {
              streamer.schedule(this, ExampleApi.STREAM_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
              return;
            }
          } catch (IOException | RuntimeException clientGone) {
            // the client hung up: complete, so Javalin finishes the exchange and the plugin records it
          }
          done.complete(null);
        }
      });
      return done;
    });
  }

  private static void error(Context ctx, int status, String message) {
    send(ctx, status, "application/json",
        ("{\"error\":" + TextNode.valueOf(message) + "}")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void send(Context ctx, int status, String contentType, byte[] body) {
    ctx.status(status);
    if (body.length > 0) {
      ctx.contentType(contentType);
    } else {
      ctx.res().setContentType(null); // Javalin presets text/plain; an empty 204 has no type
    }
    ctx.result(body);
  }
}
