package com.moesif.servlet;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.Exchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import org.jspecify.annotations.Nullable;

/**
 * The response the application sees: what it writes through {@code getOutputStream()} or {@code
 * getWriter()} is copied into the capture. Every other call is the container's, so flushing,
 * commit, status and header semantics are unchanged. Where the container discards an uncommitted
 * body ({@code reset}, {@code resetBuffer}, {@code sendError}, {@code sendRedirect}) the copy is
 * discarded too, so the event shows what the client got; {@code reset} also clears headers, so
 * the SDK's own headers (the transaction id) are set again.
 */
final class TeeServletResponse extends HttpServletResponseWrapper {
  private final Exchange exchange;
  private @Nullable TeeServletOutputStream stream;
  private @Nullable TeePrintWriter writer;
  private volatile long contentLength = -1;
  /** Set by sendError: the container answers with its own error page. */
  private volatile boolean errorSent;

  TeeServletResponse(HttpServletResponse response, Exchange exchange) {
    super(response);
    this.exchange = exchange;
  }

  /** Sets the SDK's own headers (transaction id, governance headers) on the container's response. */
  void applyOwnHeaders() {
    HttpServletResponse response = (HttpServletResponse) getResponse();
    exchange.responseHeaders().applyTo(response::setHeader, response::addHeader);
  }

  /**
   * On Tomcat, for a response still uncommitted as the call ends: sets the {@code Date} Tomcat
   * would write as it commits it ({@link TomcatDate}), so the event has it too.
   */
  void dateAsTomcatWould() {
    HttpServletResponse response = (HttpServletResponse) getResponse();
    if (!response.isCommitted() && TomcatDate.isTomcat(response) && !response.containsHeader("Date")) {
      response.setHeader("Date", TomcatDate.now());
    }
  }

  /** The Content-Length the application set, or -1. */
  long contentLength() {
    return contentLength;
  }

  /** The call ended with an uncaught exception: the container answers with its error page. */
  void containerAnswers() {
    errorSent = true;
  }

  /**
   * The Content-Length the client gets, as far as it is known when the call ends: the one the
   * application set, or, for a response still uncommitted when a synchronous call ends, the
   * length of the body the container is about to send in full (Jetty and Tomcat both send a
   * buffered body with its length then, after the SDK has ended the call). -1 when the container
   * decides (a committed or streamed response, an error page, a response without a body).
   */
  long contentLengthAtEnd(boolean head) {
    long set = contentLength;
    if (set >= 0) {
      return set;
    }
    int status = getStatus();
    if (head || errorSent || isCommitted() || status < 200 || status == 204 || status == 304
        || containsHeader("Transfer-Encoding")) {
      return -1;
    }
    BodyCapture body = exchange.responseBody();
    return body.isEnabled() ? body.totalBytes() : -1;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream out = super.getOutputStream();
    TeeServletOutputStream s = stream;
    if (s == null || s.delegate() != out) {
      s = new TeeServletOutputStream(out, exchange.responseBody());
      stream = s;
    }
    return s;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    // The container's writer first: it applies the getOutputStream/getWriter rules and fixes the
    // charset, which getCharacterEncoding() then reports.
    PrintWriter out = super.getWriter();
    TeePrintWriter w = writer;
    if (w == null || w.delegate() != out) {
      w = new TeePrintWriter(out, charset(getCharacterEncoding()), exchange.responseBody());
      writer = w;
    }
    return w;
  }

  private static Charset charset(@Nullable String encoding) {
    if (encoding == null) {
      return StandardCharsets.ISO_8859_1;
    }
    try {
      return Charset.forName(encoding.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.ISO_8859_1; // the container accepted it; the copy is best effort
    }
  }

  @Override
  public void reset() {
    super.reset();
    errorSent = false;
    exchange.responseBody().reset();
    // The charset may change before the next getWriter(): wrap that writer afresh.
    writer = null;
    contentLength = -1;
    applyOwnHeaders();
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    exchange.responseBody().reset();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    super.sendError(sc, msg);
    errorSent = true;
    exchange.responseBody().reset();
  }

  @Override
  public void sendError(int sc) throws IOException {
    super.sendError(sc);
    errorSent = true;
    exchange.responseBody().reset();
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    super.sendRedirect(location);
    exchange.responseBody().reset();
  }

  @Override
  public void setContentLength(int len) {
    super.setContentLength(len);
    contentLength = len;
    exchange.responseBody().expect(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    super.setContentLengthLong(len);
    contentLength = len;
    exchange.responseBody().expect(len);
  }

  @Override
  public void setHeader(String name, String value) {
    super.setHeader(name, value);
    trackContentLength(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    super.addHeader(name, value);
    trackContentLength(name, value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    super.setIntHeader(name, value);
    trackContentLength(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    super.addIntHeader(name, value);
    trackContentLength(name, Integer.toString(value));
  }

  private void trackContentLength(@Nullable String name, @Nullable String value) {
    if (name != null && value != null && name.equalsIgnoreCase("Content-Length")) {
      try {
        contentLength = Long.parseLong(value.trim());
      } catch (NumberFormatException ignored) {
        contentLength = -1; // the container decides what an unparsable length means
      }
    }
  }
}
