package com.moesif.servlet;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.HttpResponseView;
import jakarta.servlet.ServletRequest;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty 12: after an uncaught exception Jetty's {@code ErrorHandler} writes its error page once
 * the filter chain has unwound, through Jetty's core response, which the servlet response wrapper
 * never sees. This wrapper of the request's {@link HttpStream}, added as the exception leaves the
 * filter, sees what is sent (the status and headers as sent, and the page's bytes) and ends the
 * call when the stream completes, so the event shows what the client received.
 *
 * <p>Loaded only on Jetty 12 ({@link JettyAccessors#isJettyRequest} comes first); anywhere Jetty's
 * server classes are not visible to this class, linking fails and the caller ends the call at
 * once, as without it.
 */
final class JettyErrorPage extends HttpStream.Wrapper {
  /** What the call ends with once the page is sent: status and headers as sent, or the failure. */
  interface Ending {
    void end(@Nullable HttpResponseView sent, @Nullable Throwable failure);
  }

  private final BodyCapture body;
  private final Object nativeResponse;
  private final Ending ending;
  private volatile MetaData.@Nullable Response sent;

  private JettyErrorPage(HttpStream wrapped, BodyCapture body, Object nativeResponse, Ending ending) {
    super(wrapped);
    this.body = body;
    this.nativeResponse = nativeResponse;
    this.ending = ending;
  }

  /**
   * Follows the rest of {@code request}'s response on Jetty: true when {@code ending} will be
   * called once the container has sent it, false when it cannot be followed (call {@code ending}
   * yourself). The copy of the body so far is dropped: the container writes the page afresh.
   */
  static boolean follow(ServletRequest request, BodyCapture body, Object nativeResponse, Ending ending)
      throws ReflectiveOperationException {
    Object servletRequest = JettyAccessors.unwrap(request);
    Method getRequest = servletRequest.getClass().getMethod("getRequest");
    if (!(getRequest.invoke(servletRequest) instanceof Request core)) {
      return false;
    }
    body.reset();
    core.addHttpStreamWrapper(stream -> new JettyErrorPage(stream, body, nativeResponse, ending));
    return true;
  }

  @Override
  public void send(
      MetaData.Request request, MetaData.@Nullable Response response, boolean last, @Nullable ByteBuffer content,
      Callback callback) {
    try {
      if (response != null && sent == null) {
        sent = response;
      }
      if (content != null && content.hasRemaining() && body.isEnabled()) {
        body.write(content.duplicate());
      }
    } catch (RuntimeException | LinkageError e) {
      // the copy is best effort; what is sent is untouched
    }
    super.send(request, response, last, content, callback);
  }

  @Override
  public void succeeded() {
    end(null);
    super.succeeded();
  }

  @Override
  public void failed(Throwable x) {
    end(x);
    super.failed(x);
  }

  private void end(@Nullable Throwable streamFailure) {
    MetaData.Response response = sent;
    try {
      ending.end(response == null ? null : new Sent(response, nativeResponse), streamFailure);
    } catch (RuntimeException | LinkageError e) {
      // reported by the ending; Jetty's completion goes on
    }
  }

  /** The status and header fields Jetty sent. */
  private record Sent(MetaData.Response response, Object nativeResponse) implements HttpResponseView {
    @Override
    public int status() {
      return response.getStatus();
    }

    @Override
    public @Nullable String header(String name) {
      return response.getHttpFields().get(name);
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      HttpFields fields = response.getHttpFields();
      for (HttpField field : fields) {
        action.accept(field.getName(), field.getValue());
      }
    }

    @Override
    public Object nativeResponse() {
      return nativeResponse;
    }
  }
}
