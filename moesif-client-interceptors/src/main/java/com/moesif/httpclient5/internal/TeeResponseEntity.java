package com.moesif.httpclient5.internal;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.adapter.TeeInputStream;
import com.moesif.core.adapter.TeeOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The response entity the caller reads, teed as it is read: nothing is read ahead, so streaming
 * responses stream as before. The call completes when the content reaches its end or is closed,
 * or when the entity (or the response) is closed; a read error counts the call as failed. Only the
 * first content stream is teed: a repeatable entity read again holds the same bytes.
 */
final class TeeResponseEntity extends HttpEntityWrapper {
  private final OutgoingCall call;
  private final Hc5ResponseView view;
  private boolean teed;

  TeeResponseEntity(HttpEntity entity, OutgoingCall call, Hc5ResponseView view) {
    super(entity);
    this.call = call;
    this.view = view;
  }

  @Override
  public InputStream getContent() throws IOException {
    InputStream content = super.getContent();
    if (teed || content == null) {
      return content;
    }
    teed = true;
    return TeeInputStream.completing(content, call.exchange(), view);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (teed) {
      super.writeTo(out);
      return;
    }
    teed = true;
    try {
      super.writeTo(new TeeOutputStream(out, call.responseBody()));
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    call.complete(view);
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      call.complete(view);
    }
  }
}
