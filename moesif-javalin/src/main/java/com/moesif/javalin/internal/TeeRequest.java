package com.moesif.javalin.internal;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.servlet.internal.TeeServletInputStream;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The request under Javalin's own wrapper, for the hand-wired handlers: its body stream copies
 * every byte read into the capture. Nothing is read ahead; an unread body stays unread.
 */
final class TeeRequest extends HttpServletRequestWrapper {
  private final BodyCapture capture;
  private @Nullable TeeServletInputStream stream;

  TeeRequest(HttpServletRequest request, BodyCapture capture) {
    super(request);
    this.capture = capture;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    ServletInputStream in = super.getInputStream(); // the container's rules (getReader taken) first
    TeeServletInputStream s = stream;
    if (s == null || s.delegate() != in) {
      s = new TeeServletInputStream(in, capture);
      stream = s;
    }
    return s;
  }
}
