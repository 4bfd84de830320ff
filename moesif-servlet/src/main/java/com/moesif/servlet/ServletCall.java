package com.moesif.servlet;

import com.moesif.core.adapter.BlockResponse;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.ResponseHeaders;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One served call being captured: the exchange, the wrappers the application gets, and the
 * single place the call ends, synchronously after the chain or, for async requests, when the
 * container reports completion. The SDK's own failures are caught here and reported to the
 * engine; the application's exceptions are never touched.
 */
final class ServletCall implements AsyncListener {
  private final CaptureEngine engine;
  private final Exchange exchange;
  private final HttpServletRequest request;
  private final TeeServletRequest wrappedRequest;
  private final TeeServletResponse wrappedResponse;
  private final ServletResponseView responseView;
  /** What an async cycle reported through onError, ended with at onComplete. */
  private volatile @Nullable Throwable asyncError;

  private ServletCall(
      CaptureEngine engine,
      Exchange exchange,
      ServletRequestView view,
      HttpServletRequest request,
      HttpServletResponse response) {
    this.engine = engine;
    this.exchange = exchange;
    this.request = request;
    this.wrappedResponse = new TeeServletResponse(response, exchange);
    this.wrappedRequest = new TeeServletRequest(request, exchange, wrappedResponse, view.replay());
    this.responseView = new ServletResponseView(response, wrappedResponse, "HEAD".equalsIgnoreCase(request.getMethod()));
  }

  /**
   * Starts capturing, or returns null to let the call pass through: the engine said so (disabled,
   * skipped) or the SDK failed, which it reports and otherwise ignores. Pass-through calls must
   * get {@link #replaying} of the request, in case governance read the body ahead first.
   */
  static @Nullable ServletCall start(
      CaptureEngine engine, ServletRequestView view, HttpServletRequest request, HttpServletResponse response) {
    Exchange exchange = engine.startIncoming(view);
    if (exchange == null) {
      return null;
    }
    try {
      ServletCall call = new ServletCall(engine, exchange, view, request, response);
      request.setAttribute(Exchange.ATTRIBUTE, exchange);
      call.wrappedResponse.applyOwnHeaders();
      return call;
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("servlet-start", e);
      try {
        request.removeAttribute(Exchange.ATTRIBUTE);
      } catch (RuntimeException ignored) {
        // already reported; the call proceeds as without the SDK
      }
      return null;
    }
  }

  /**
   * For a call that passes through after governance read its body ahead (the engine failed
   * after the peek): the request the application must get so it still reads the whole body.
   */
  static ServletRequest replaying(ServletRequest request, @Nullable ServletRequestView view) {
    ReplayServletInputStream replay = view == null ? null : view.replay();
    if (replay == null || !(request instanceof HttpServletRequest)) {
      return request;
    }
    return new TeeServletRequest((HttpServletRequest) request, null, null, replay);
  }

  HttpServletRequest request() {
    return wrappedRequest;
  }

  HttpServletResponse response() {
    return wrappedResponse;
  }

  /** The governance answer to give instead of calling the chain, or null. */
  @Nullable BlockResponse block() {
    return exchange.block();
  }

  /** Answers with the blocking rule's response (through the wrapper, so it is captured) and ends. */
  void answerBlocked(BlockResponse block) throws IOException {
    try {
      wrappedResponse.setStatus(block.status());
      ResponseHeaders.of(block).applyTo(wrappedResponse::setHeader, wrappedResponse::addHeader);
      byte[] body = block.body();
      wrappedResponse.setContentLength(body.length);
      ServletOutputStream out = wrappedResponse.getOutputStream();
      out.write(body);
    } finally {
      end(null);
    }
  }

  /**
   * After the chain returned or threw: ends now, or, when the request went async and did not
   * fail, when the container completes it.
   */
  void afterChain(@Nullable Throwable failure) {
    if (failure == null) {
      try {
        if (request.isAsyncStarted()) {
          request.getAsyncContext().addListener(this);
          return;
        }
      } catch (IllegalStateException asyncAlreadyOver) {
        // Completed between the two calls: the response is final, end now.
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("servlet-async", e);
      }
    } else if (followErrorPage(failure)) {
      return;
    }
    end(failure);
  }

  /**
   * On Jetty 12, after an uncaught exception: ends the call once Jetty has sent its error page
   * ({@link JettyErrorPage}), with the status, headers and page as sent. False where that cannot
   * be done (other containers, a committed response): the call ends now.
   */
  private boolean followErrorPage(Throwable failure) {
    try {
      if (wrappedResponse.isCommitted() || !JettyAccessors.isJettyRequest(request)) {
        return false;
      }
      if (!JettyErrorPage.follow(request, exchange.responseBody(), wrappedResponse.getResponse(),
          (sent, streamFailure) -> exchange.end(sent != null ? sent : responseView, failure))) {
        return false;
      }
      // Jetty writes the page after the filter has returned, on this thread: the request is
      // still the application's here.
      captureFormParameters();
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.adapterError("servlet-error-page", e);
      return false;
    }
  }

  private void end(@Nullable Throwable failure) {
    if (failure != null) {
      wrappedResponse.containerAnswers();
    } else {
      try {
        wrappedResponse.dateAsTomcatWould();
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("servlet-date", e);
      }
    }
    captureFormParameters();
    exchange.end(responseView, failure);
  }

  private void captureFormParameters() {
    try {
      wrappedRequest.captureFormParameters();
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("servlet-form-parameters", e);
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end(asyncError);
  }

  /**
   * Nothing to do yet: unless a listener of the application answers, the container now writes
   * its timeout response (500) and then completes, which is when the status is final.
   */
  @Override
  public void onTimeout(AsyncEvent event) {}

  @Override
  public void onError(AsyncEvent event) {
    asyncError = event.getThrowable();
  }

  /** A new async cycle (startAsync again, after a dispatch) drops listeners unless they re-register. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    try {
      event.getAsyncContext().addListener(this);
    } catch (RuntimeException e) {
      engine.adapterError("servlet-async", e);
    }
  }
}
