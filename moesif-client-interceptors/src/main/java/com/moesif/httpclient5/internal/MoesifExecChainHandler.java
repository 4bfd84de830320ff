package com.moesif.httpclient5.internal;

import com.moesif.clients.internal.OutgoingCall;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * The classic client's capture handler. It gets the client's own copy of the caller's request
 * (the client copies it before the chain), so the header and the entity wrapper it sets never
 * show on the caller's request object.
 */
public final class MoesifExecChainHandler implements ExecChainHandler {
  private final CaptureEngine engine;

  public MoesifExecChainHandler(CaptureEngine engine) {
    this.engine = engine;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    OutgoingCall call = OutgoingCall.start(engine, new Hc5RequestView(request, request.getEntity(), scope.route, scope.originalRequest), "httpclient5-start");
    if (call == null) {
      return chain.proceed(request, scope);
    }
    try {
      String transactionId = call.transactionId();
      if (transactionId != null) {
        request.setHeader(Exchange.TRANSACTION_ID_HEADER, transactionId);
      }
      HttpEntity entity = request.getEntity();
      if (entity != null && call.requestBody().isEnabled()) {
        request.setEntity(new TeeRequestEntity(entity, call));
      }
    } catch (Throwable t) {
      call.adapterError("httpclient5-request", t);
    }
    ClassicHttpResponse response;
    try {
      response = chain.proceed(request, scope);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    Hc5ResponseView view = new Hc5ResponseView(response);
    try {
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        call.complete(view); // 204, 304, HEAD: complete now
      } else {
        response.setEntity(new TeeResponseEntity(entity, call, view));
      }
    } catch (Throwable t) {
      call.adapterError("httpclient5-response", t);
      call.complete(view);
    }
    return response;
  }
}
