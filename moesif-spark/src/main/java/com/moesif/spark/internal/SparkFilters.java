package com.moesif.spark.internal;

import com.moesif.core.Moesif;
import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.routematch.RouteMatch;

/**
 * Internal, not API: the {@code before} and {@code afterAfter} filters one {@code
 * MoesifSpark.register} call installs.
 *
 * <p>Why a filter pair is not enough on its own: Spark runs {@code afterAfter} filters before it
 * writes the response (the route's return value, a {@code halt} body, the 404 page are serialized
 * afterwards), so neither the body bytes nor the end of the call are visible to a filter. On Spark's
 * embedded Jetty 9 the {@code before} filter therefore taps Jetty itself (see {@link JettyTaps}):
 * every byte the application, Spark or Jetty reads or writes is copied on the way, and the call
 * ends when Jetty has completed the response. Elsewhere (Spark in another servlet container) the
 * {@code afterAfter} filter ends the call with what Spark exposes then.
 */
public final class SparkFilters {
  /** How Spark halts: {@code Spark.halt} or {@code Service.halt}, which throw. */
  @FunctionalInterface
  public interface Halt {
    HaltException halt(int status, String body);
  }

  private final CaptureEngine engine;
  private final Supplier<List<RouteMatch>> routes;
  private final Halt halt;
  private final boolean tapJetty;
  /** Set once Jetty's classes turned out to be missing, so the failure is reported only once. */
  private volatile boolean jettyMissing;

  public SparkFilters(Moesif moesif, Supplier<List<RouteMatch>> routes, Halt halt) {
    this(moesif, routes, halt, true);
  }

  /** {@code tapJetty} false forces the container-neutral mode, for tests on Jetty. */
  SparkFilters(Moesif moesif, Supplier<List<RouteMatch>> routes, Halt halt, boolean tapJetty) {
    this.engine = moesif.captureEngine();
    this.routes = routes;
    this.halt = halt;
    this.tapJetty = tapJetty;
  }

  /** The {@code before} filter: starts the capture, or answers for a blocking governance rule. */
  public void before(Request request, Response response) {
    BlockResponse block = null;
    try {
      HttpServletRequest raw = request.raw();
      if (raw.getAttribute(Exchange.ATTRIBUTE) != null || isWebSocketUpgrade(raw)) {
        // Already captured (Moesif registered twice), or a WebSocket handshake, which Spark hands
        // on to Jetty's WebSocket handler.
        return;
      }
      SparkRequestView view = new SparkRequestView(this, request, raw, routes);
      Exchange exchange = engine.startIncoming(view);
      if (exchange == null) {
        return;
      }
      SparkCall call = SparkCall.start(this, engine, exchange, view, request, response);
      BlockResponse rule = exchange.block();
      if (call != null && rule != null) {
        call.prepareBlock(rule);
        block = rule;
      }
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("spark-before", e);
      return;
    }
    if (block != null) {
      // Spark's own way to answer instead of the route: later before filters and the route do not
      // run, afterAfter filters do, and Spark writes the body through the taps like any other.
      throw halt.halt(block.status(), new String(block.body(), StandardCharsets.UTF_8));
    }
  }

  /** The {@code afterAfter} filter: ends the call where Jetty's output cannot be tapped. */
  public void afterAfter(Request request, Response response) {
    SparkCall call;
    try {
      call = SparkCall.of(request.raw());
    } catch (RuntimeException e) {
      engine.adapterError("spark-after", e);
      return;
    }
    if (call != null && call.owner() == this) {
      call.afterAfter(response);
    }
  }

  /**
   * Installs the Jetty taps for {@code call}; false when this is not Spark's Jetty (or Jetty's
   * classes are missing), and the call is then ended by {@link #afterAfter}.
   */
  boolean tap(HttpServletRequest raw, SparkCall call) {
    if (!tapJetty || jettyMissing) {
      return false;
    }
    try {
      return JettyTaps.install(raw, call);
    } catch (LinkageError e) {
      jettyMissing = true;
      engine.adapterError("spark-jetty-missing", e);
      return false;
    }
  }

  /** The socket peer's IP literal where Jetty serves the call, else null. */
  @Nullable String socketPeer(HttpServletRequest raw) {
    if (jettyMissing) {
      return null;
    }
    try {
      return JettyTaps.socketPeer(raw);
    } catch (LinkageError e) {
      jettyMissing = true;
      engine.adapterError("spark-jetty-missing", e);
      return null;
    }
  }

  private static boolean isWebSocketUpgrade(HttpServletRequest raw) {
    String upgrade = raw.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }
}
