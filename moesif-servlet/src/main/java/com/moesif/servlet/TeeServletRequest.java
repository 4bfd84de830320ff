package com.moesif.servlet;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.Exchange;
import com.moesif.servlet.internal.TeeServletInputStream;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request the application sees: its body, read through {@code getInputStream()} or {@code
 * getReader()}, is copied into the capture as it is read. Reading stays the application's choice:
 * nothing is read ahead, and an unread body stays unread.
 */
final class TeeServletRequest extends HttpServletRequestWrapper {
  /** Null when only replaying a peek: nothing is captured then. */
  private final @Nullable Exchange exchange;
  private final @Nullable TeeServletResponse response;
  private final @Nullable ServletInputStream replay;
  private @Nullable TeeServletInputStream stream;
  private @Nullable BufferedReader reader;
  private volatile boolean parametersUsed;

  /**
   * @param response our response wrapper, for async mode; null when only replaying a peek
   * @param replay the body as read ahead by governance, or null to read the container's stream
   */
  TeeServletRequest(
      HttpServletRequest request,
      @Nullable Exchange exchange,
      @Nullable TeeServletResponse response,
      @Nullable ServletInputStream replay) {
    super(request);
    this.exchange = exchange;
    this.response = response;
    this.replay = replay;
  }

  /** The exchange's request capture, created only once the body is read (most requests have none). */
  private BodyCapture capture() {
    return exchange == null ? BodyCapture.disabled() : exchange.requestBody();
  }

  private ServletInputStream body() throws IOException {
    return replay != null ? replay : super.getInputStream();
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (reader != null) {
      throw new IllegalStateException("getReader() has already been called for this request");
    }
    TeeServletInputStream s = stream;
    if (s == null) {
      BodyCapture capture = capture();
      capture.expect(getContentLengthLong());
      s = new TeeServletInputStream(body(), capture);
      stream = s;
    }
    return s;
  }

  /**
   * A reader over the teed stream, so the capture holds the bytes as sent. It decodes as the
   * containers do: the request's character encoding (the {@code Content-Type} charset or the
   * context default, as {@code getCharacterEncoding()} reports it), else ISO-8859-1 as the
   * servlet specification says.
   */
  @Override
  public BufferedReader getReader() throws IOException {
    BufferedReader r = reader;
    if (r == null) {
      if (stream != null) {
        throw new IllegalStateException("getInputStream() has already been called for this request");
      }
      Charset charset = readerCharset(getCharacterEncoding());
      BodyCapture capture = capture();
      capture.expect(getContentLengthLong());
      r = new BufferedReader(new InputStreamReader(new TeeServletInputStream(body(), capture), charset));
      reader = r;
    }
    return r;
  }

  private static Charset readerCharset(@Nullable String encoding) throws UnsupportedEncodingException {
    if (encoding == null) {
      return StandardCharsets.ISO_8859_1;
    }
    try {
      return Charset.forName(encoding.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      // What the containers throw from getReader() for an unknown charset.
      UnsupportedEncodingException unsupported = new UnsupportedEncodingException(encoding);
      unsupported.initCause(e);
      throw unsupported;
    }
  }

  /**
   * Starts async mode with our wrappers rather than the original objects, so a response written
   * through {@code AsyncContext.getResponse()} or in an {@code AsyncContext.dispatch()} is still
   * copied.
   */
  @Override
  public AsyncContext startAsync() {
    return response == null ? super.startAsync() : super.startAsync(this, response);
  }

  @Override
  public @Nullable String getParameter(String name) {
    parametersUsed = true;
    return super.getParameter(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    parametersUsed = true;
    return super.getParameterMap();
  }

  @Override
  public Enumeration<String> getParameterNames() {
    parametersUsed = true;
    return super.getParameterNames();
  }

  @Override
  public String @Nullable [] getParameterValues(String name) {
    parametersUsed = true;
    return super.getParameterValues(name);
  }

  /**
   * The form-parameter trap: a container parses an {@code application/x-www-form-urlencoded} body
   * for {@code getParameter*()} from its own internal stream, past our tee. When the application
   * used the parameters and never read the body itself, the body is rebuilt from the parameter
   * map (without the query-string values, which the specification lists first), url-encoded in the
   * request's charset (UTF-8 by default). The copy stays bounded by the capture's limit.
   */
  void captureFormParameters() {
    if (!parametersUsed || stream != null || reader != null) {
      return;
    }
    BodyCapture capture = capture();
    if (capture.totalBytes() > 0) {
      return;
    }
    String type = getContentType();
    if (type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return;
    }
    Charset charset;
    try {
      String encoding = getCharacterEncoding();
      charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      charset = StandardCharsets.UTF_8;
    }
    Map<String, Integer> fromQuery = countQueryNames(getQueryString(), charset);
    boolean first = true;
    for (Map.Entry<String, String[]> parameter : super.getParameterMap().entrySet()) {
      String name = parameter.getKey();
      String[] values = parameter.getValue();
      byte[] encodedName = URLEncoder.encode(name, charset).getBytes(StandardCharsets.US_ASCII);
      for (int i = fromQuery.getOrDefault(name, 0); i < values.length; i++) {
        if (!first) {
          capture.write('&');
        }
        first = false;
        capture.write(encodedName, 0, encodedName.length);
        capture.write('=');
        byte[] value = URLEncoder.encode(values[i], charset).getBytes(StandardCharsets.US_ASCII);
        capture.write(value, 0, value.length);
      }
    }
  }

  private static Map<String, Integer> countQueryNames(@Nullable String query, Charset charset) {
    Map<String, Integer> counts = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return counts;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String name;
      try {
        name = URLDecoder.decode(rawName, charset);
      } catch (IllegalArgumentException malformed) {
        name = rawName;
      }
      counts.merge(name, 1, Integer::sum);
    }
    return counts;
  }
}
