package com.moesif.javalin.internal;

import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.ResponseHeaders;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * One call captured by the hand-wired before/after handlers of {@code MoesifJavalin}. Javalin
 * writes the result after every after-handler has run, so the call ends in the after-handler, with
 * the status and headers final and the result copied from the stream Javalin is about to write
 * (only a byte-array stream, which can be read and rewound; any other stream would be consumed).
 * Internal: not part of the public API.
 */
public final class HandWiredCall {
  /** The request attribute linking the before-handler's capture to the after-handler. */
  private static final String ATTRIBUTE = HandWiredCall.class.getName();

  private final Exchange exchange;
  private final Context ctx;

  private HandWiredCall(Exchange exchange, Context ctx) {
    this.exchange = exchange;
    this.ctx = ctx;
  }

  public static Handler beforeHandler(CaptureEngine engine) {
    return ctx -> {
      try {
        start(engine, ctx);
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("javalin-before", e);
      }
    };
  }

  public static Handler afterHandler(CaptureEngine engine) {
    return ctx -> {
      try {
        if (ctx.req().getAttribute(ATTRIBUTE) instanceof HandWiredCall capture) {
          capture.end();
        }
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("javalin-after", e);
      }
    };
  }

  private static void start(CaptureEngine engine, Context ctx) {
    HttpServletRequest request = ctx.req();
    if (request.getAttribute(Exchange.ATTRIBUTE) != null) {
      return; // the plugin's filter (or an earlier registration of this handler) captures this call
    }
    Exchange exchange = engine.startIncoming(new ContextRequestView(ctx));
    if (exchange == null) {
      return;
    }
    HandWiredCall capture = new HandWiredCall(exchange, ctx);
    request.setAttribute(Exchange.ATTRIBUTE, exchange);
    request.setAttribute(ATTRIBUTE, capture);
    HttpServletResponse response = ctx.res();
    exchange.responseHeaders().applyTo(response::setHeader, response::addHeader);
    BlockResponse block = exchange.block();
    if (block != null) {
      capture.answer(block);
      return;
    }
    teeRequestBody(request, exchange.requestBody());
  }

  /**
   * Javalin reads the body from its own request wrapper's stream; pointing that wrapper at ours
   * (the servlet API's {@code setRequest}) copies what every {@code ctx.body*()}, {@code
   * ctx.formParam*()} and {@code ctx.bodyInputStream()} read, and nothing that is not read.
   */
  private static void teeRequestBody(HttpServletRequest request, BodyCapture body) {
    if (body.isEnabled()
        && request instanceof ServletRequestWrapper wrapper
        && wrapper.getRequest() instanceof HttpServletRequest inner) {
      ServletRequest tee = new TeeRequest(inner, body);
      wrapper.setRequest(tee);
    }
  }

  /**
   * Answers with the blocking rule: Javalin writes the result, and skipping the remaining handlers
   * skips the application's handlers and the after-handlers alike, so the call ends here.
   */
  private void answer(BlockResponse block) {
    ctx.status(block.status());
    HttpServletResponse response = ctx.res();
    ResponseHeaders.of(block).applyTo(response::setHeader, response::addHeader);
    byte[] body = block.body();
    ctx.result(body);
    exchange.responseBody().write(body, 0, body.length);
    ctx.skipRemainingHandlers();
    exchange.end(new ContextResponseView(ctx, body.length), null);
  }

  private void end() {
    if (exchange.isEnded()) {
      return;
    }
    InputStream result = ctx.resultInputStream();
    copyResult(result, exchange.responseBody());
    // Javalin writes a byte-array result whole, with its length, after this handler: the client
    // gets that Content-Length, so the event has it too.
    long length = result instanceof ByteArrayInputStream bytes ? bytes.available() : -1;
    exchange.end(new ContextResponseView(ctx, length), null);
  }

  /**
   * Copies a byte-array result (what {@code ctx.result(String|byte[])} and {@code ctx.json}
   * set), then rewinds it for Javalin to write. The capture keeps up to its limit and counts the
   * rest; the array is in memory already, so reading it through costs no I/O.
   */
  private static void copyResult(@Nullable InputStream result, BodyCapture body) {
    if (!body.isEnabled() || !(result instanceof ByteArrayInputStream bytes)) {
      return;
    }
    bytes.mark(0);
    byte[] chunk = new byte[8192];
    int n;
    while ((n = bytes.read(chunk, 0, chunk.length)) > 0) {
      body.write(chunk, 0, n);
    }
    bytes.reset();
  }
}
