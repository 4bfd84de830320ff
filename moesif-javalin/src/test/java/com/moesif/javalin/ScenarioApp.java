package com.moesif.javalin;

import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_DELAY;
import static com.moesif.core.testkit.AbstractServerSuite.HEALTH_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.HELLO;

import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ScenarioStream;
import com.moesif.core.testkit.ServerHandle;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The scenario application of {@link AbstractServerSuite} written the way a Javalin 7 application
 * is: routes in {@code config.routes}, {@code ctx.result}/{@code ctx.json}, {@code
 * ctx.outputStream()} for streaming, {@code ctx.future} for async, exceptions left to Javalin.
 */
final class ScenarioApp {
  static final Executor LATER = CompletableFuture.delayedExecutor(ASYNC_DELAY.toMillis(), TimeUnit.MILLISECONDS);

  private ScenarioApp() {}

  /** Javalin on 127.0.0.1 and a free port: {@code setup} first (plugins, extra routes), then the scenario routes. */
  static ServerHandle start(Consumer<JavalinConfig> setup) {
    Javalin app =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          setup.accept(config);
          routes(config.routes);
        });
    app.start("127.0.0.1", 0);
    URI base = URI.create("http://127.0.0.1:" + app.port());
    return new ServerHandle() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        app.stop();
      }
    };
  }

  static void routes(RoutesConfig routes) {
    routes.get("/hello", ctx -> ctx.contentType("text/plain").result(HELLO));
    routes.get("/health", ctx -> ctx.contentType("text/plain").result(HEALTH_BODY));
    routes.post("/echo", ctx -> ctx.contentType(ctx.contentType()).result(ctx.bodyAsBytes()));
    routes.post("/form", ctx -> ctx.contentType("text/plain").result("hi " + ctx.formParam("name")));
    routes.get("/json", ctx -> ctx.contentType("application/json")
        .result(AbstractServerSuite.jsonOfSize(Integer.parseInt(ctx.queryParam("size")))));
    // A stream result that cannot be rewound: only a copy on its way out sees it.
    routes.get("/binary", ctx -> ctx.contentType("application/octet-stream")
        .result(new BufferedInputStream(new ByteArrayInputStream(AbstractServerSuite.binaryBody()))));
    routes.get("/gzip", ctx -> ctx.contentType("application/json")
        .header("Content-Encoding", "gzip")
        .result(AbstractServerSuite.gzippedJson()));
    routes.get("/status/{code}", ctx -> {
      int code = Integer.parseInt(ctx.pathParam("code"));
      ctx.status(code).contentType("application/json").result(AbstractServerSuite.statusBody(code));
    });
    routes.get("/stream", ScenarioApp::stream);
    routes.get("/error", ctx -> {
      throw new RuntimeException("boom");
    });
    routes.get("/async", ctx -> ctx.future(() -> CompletableFuture
        .supplyAsync(() -> ASYNC_BODY, LATER)
        .thenAccept(body -> ctx.contentType("application/json").result(body))));
    routes.get("/users/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
    // the routes of AbstractHostileTrafficSuite
    routes.get("/gzip-bomb", ctx -> ctx.contentType("application/json")
        .header("Content-Encoding", "gzip")
        .result(AbstractHostileTrafficSuite.gzipBomb()));
    routes.get("/headers", ctx -> {
      int values = 0;
      long chars = 0;
      for (String name : Collections.list(ctx.req().getHeaderNames())) {
        for (String value : Collections.list(ctx.req().getHeaders(name))) {
          values++;
          chars += name.length() + value.length();
        }
      }
      ctx.contentType("text/plain").result("n=" + values + " chars=" + chars);
    });
  }

  /** Writes straight to the response, flushing each chunk: Javalin's own stream does not flush. */
  private static void stream(Context ctx) throws IOException {
    ctx.contentType("text/plain");
    OutputStream out = ctx.outputStream();
    ScenarioStream.produce(chunk -> {
      out.write(chunk);
      ctx.res().flushBuffer();
    });
  }
}
