package com.moesif.httpclient5.internal;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.adapter.TeeOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The caller's request entity, copied (up to the limit) as the client writes it to the
 * connection: nothing is read twice and streaming entities stay streaming. A repeatable entity
 * written again (a retry, a 307/308 redirect) is not copied again.
 */
final class TeeRequestEntity extends HttpEntityWrapper {
  private final OutgoingCall call;
  private boolean teed;

  TeeRequestEntity(HttpEntity entity, OutgoingCall call) {
    super(entity);
    this.call = call;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (teed) {
      super.writeTo(out);
      return;
    }
    teed = true;
    super.writeTo(new TeeOutputStream(out, call.requestBody()));
  }
}
