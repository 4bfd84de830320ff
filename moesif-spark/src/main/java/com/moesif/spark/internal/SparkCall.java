package com.moesif.spark.internal;

import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  private final SparkCapture owner;
  private final CaptureEngine engine;
  private final Exchange exchange;
  private final HttpServletResponse rawResponse;
  private final SparkResponseView responseView;
  private final List<Map.Entry<String, String>> ownHeaders;
  /** True when Jetty is tapped: Jetty's completion ends the call. */
  private boolean tapped;
  private boolean blocked;

  private SparkCall(
      SparkCapture owner,
      CaptureEngine engine,
      Exchange exchange,
      HttpServletResponse rawResponse,
      Response response,
      List<Map.Entry<String, String>> ownHeaders) {
    this.owner = owner;
    this.engine = engine;
    this.exchange = exchange;
    this.rawResponse = rawResponse;
    this.responseView = new SparkResponseView(rawResponse, response);
    this.ownHeaders = ownHeaders;
  }

  /**
   * Records the call on the request, puts the SDK's headers on the response and taps Jetty. Null
   * (and the call passes through) when that fails, which is reported.
   */
  static @Nullable SparkCall start(
      SparkCapture owner,
      CaptureEngine engine,
      Exchange exchange,
      SparkRequestView view,
      Request request,
      Response response) {
    HttpServletRequest raw = request.raw();
    try {
      List<Map.Entry<String, String>> ownHeaders = new ArrayList<>(exchange.extraResponseHeaders().size() + 1);
      if (exchange.transactionId() != null) {
        ownHeaders.add(Map.entry(Exchange.TRANSACTION_ID_HEADER, exchange.transactionId()));
      }
      ownHeaders.addAll(exchange.extraResponseHeaders());
      SparkCall call = new SparkCall(owner, engine, exchange, response.raw(), response, List.copyOf(ownHeaders));
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

  SparkCapture owner() {
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
    for (Map.Entry<String, String> header : ownHeaders) {
      rawResponse.setHeader(header.getKey(), header.getValue());
    }
  }

  /**
   * Just before Jetty commits the response: puts the SDK's headers back if the application cleared
   * them with {@code response.raw().reset()}.
   */
  void beforeCommit() {
    if (!ownHeaders.isEmpty() && rawResponse.getHeader(ownHeaders.get(0).getKey()) == null) {
      applyOwnHeaders();
    }
  }

  /** Sets the blocking rule's headers; Spark's {@code halt} then sets the status and writes the body. */
  void prepareBlock(BlockResponse block) {
    blocked = true;
    Set<String> set = new HashSet<>();
    for (Map.Entry<String, String> header : block.headers()) {
      if (set.add(header.getKey().toLowerCase(Locale.ROOT))) {
        rawResponse.setHeader(header.getKey(), header.getValue());
      } else {
        rawResponse.addHeader(header.getKey(), header.getValue());
      }
    }
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
        copyUtf8(body, exchange.responseBody()); // Spark writes String bodies as UTF-8
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

  /**
   * Encodes {@code text} into the capture a slice at a time, so no copy of the whole body is made:
   * at most the capture's limit is kept, the rest only counted.
   */
  static void copyUtf8(String text, BodyCapture capture) {
    if (!capture.isEnabled() || text.isEmpty()) {
      return;
    }
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer out = ByteBuffer.allocate(Math.min(4096, Math.max(16, text.length() * 3)));
    CharBuffer in = CharBuffer.wrap(text);
    CoderResult result;
    do {
      result = encoder.encode(in, out, true);
      out.flip();
      capture.write(out.array(), 0, out.limit());
      out.clear();
    } while (result.isOverflow());
    do {
      result = encoder.flush(out);
      out.flip();
      capture.write(out.array(), 0, out.limit());
      out.clear();
    } while (result.isOverflow());
  }
}
