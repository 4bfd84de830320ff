package com.moesif.spark.internal;

import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.CharCapture;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.ResponseHeaders;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import spark.Request;
import spark.Response;

/**
 * One served call being captured, from the {@code before} filter to the end of the response. The
 * SDK's own failures are caught here and reported to the engine; the application's are never
 * touched.
 */
final class SparkCall {
  /** Request attribute holding the call, so the {@code afterAfter} filter of the same registration finds it. */
  static final String ATTRIBUTE = SparkCall.class.getName();

  private final SparkFilters owner;
  private final CaptureEngine engine;
  private final Exchange exchange;
  private final HttpServletResponse rawResponse;
  private final SparkResponseView responseView;
  /** True when Jetty is tapped: Jetty's completion ends the call. */
  private boolean tapped;
  private boolean blocked;

  private SparkCall(
      SparkFilters owner,
      CaptureEngine engine,
      Exchange exchange,
      HttpServletResponse rawResponse,
      Response response) {
    this.owner = owner;
    this.engine = engine;
    this.exchange = exchange;
    this.rawResponse = rawResponse;
    this.responseView = new SparkResponseView(rawResponse, response);
  }

  /**
   * Records the call on the request, puts the SDK's headers on the response and taps Jetty. Null
   * (and the call passes through) when that fails, which is reported.
   */
  static @Nullable SparkCall start(
      SparkFilters owner,
      CaptureEngine engine,
      Exchange exchange,
      SparkRequestView view,
      Request request,
      Response response) {
    HttpServletRequest raw = request.raw();
    try {
      SparkCall call = new SparkCall(owner, engine, exchange, response.raw(), response);
      raw.setAttribute(Exchange.ATTRIBUTE, exchange);
      raw.setAttribute(ATTRIBUTE, call);
      byte[] peeked = view.peeked();
      if (peeked != null) {
        // Governance read the body ahead, before there was a capture or a tap: it is all here (the
        // peek only reads bodies within the limit), and the application reads Spark's cached copy.
        exchange.requestBody().write(peeked, 0, peeked.length);
      }
      call.applyOwnHeaders();
      call.tapped = owner.tap(raw, call);
      if (call.tapped) {
        call.responseView.wireServer(JettyTaps.serverHeader(raw));
      }
      return call;
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("spark-start", e);
      try {
        raw.removeAttribute(Exchange.ATTRIBUTE);
        raw.removeAttribute(ATTRIBUTE);
      } catch (RuntimeException ignored) {
        // already reported; the call proceeds as without the SDK
      }
      return null;
    }
  }

  /** The call recorded on {@code raw} by a {@code before} filter, or null. */
  static @Nullable SparkCall of(HttpServletRequest raw) {
    Object call = raw.getAttribute(ATTRIBUTE);
    return call instanceof SparkCall c ? c : null;
  }

  SparkFilters owner() {
    return owner;
  }

  Exchange exchange() {
    return exchange;
  }

  boolean isEnded() {
    return exchange.isEnded();
  }

  void adapterError(String where, Throwable error) {
    engine.adapterError(where, error);
  }

  private void applyOwnHeaders() {
    exchange.responseHeaders().applyTo(rawResponse::setHeader, rawResponse::addHeader);
  }

  /**
   * Just before Jetty commits the response: puts the SDK's headers back if the application cleared
   * them with {@code response.raw().reset()}.
   */
  void beforeCommit() {
    String first = exchange.responseHeaders().firstName();
    if (first != null && rawResponse.getHeader(first) == null) {
      applyOwnHeaders();
    }
  }

  /** Sets the blocking rule's headers; Spark's {@code halt} then sets the status and writes the body. */
  void prepareBlock(BlockResponse block) {
    blocked = true;
    ResponseHeaders.of(block).applyTo(rawResponse::setHeader, rawResponse::addHeader);
    if (!tapped) {
      // Spark keeps a halt body to itself until it writes it: without the tap, copy it from here.
      byte[] body = block.body();
      exchange.responseBody().write(body, 0, body.length);
    }
  }

  /**
   * Spark's {@code afterAfter}: with the tap nothing is final yet (Spark writes the body next).
   * Without it this is the last moment Moesif sees: status and headers are set, and the body is
   * known only when it is the String Spark keeps in {@code response.body()}.
   */
  void afterAfter(Response response) {
    if (tapped || exchange.isEnded()) {
      return;
    }
    try {
      String body = response.body();
      if (body != null && !blocked) {
        CharCapture.copy(body, StandardCharsets.UTF_8, exchange.responseBody()); // Spark writes String bodies as UTF-8
      }
    } catch (RuntimeException e) {
      engine.adapterError("spark-after", e);
    }
    end();
  }

  /**
   * Ends the capture (once; later calls are ignored). Never throws. No error is passed: Spark
   * turns the application's exceptions into a response itself (the exception mapper's, or 500), and
   * that response's status is what the event reports.
   */
  void end() {
    exchange.end(responseView, null);
  }
}
