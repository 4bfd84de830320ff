package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.CaptureEngine;
import com.moesif.core.adapter.Exchange;
import com.moesif.core.adapter.TeeInputStream;
import com.moesif.core.adapter.TeeOutputStream;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.util.Map;

/**
 * The client side: one provider in three roles.
 *
 * <ul>
 *   <li>Request filter, last of the request filters: starts the exchange on the request as it will
 *       be sent (headers other filters add, such as credentials, included) and adds the
 *       transaction id header.
 *   <li>Writer interceptor, the outermost: tees the request entity nearest the connection, as
 *       sent; a failure to send it fails the call.
 *   <li>Response filter, first of the response filters: replaces the entity stream by one that
 *       copies what the caller reads and completes the call at its end or close.
 * </ul>
 *
 * A call that fails before any response (connection refused, a timeout waiting for the response)
 * reaches no filter: Jakarta REST has no client hook for it, so it is neither captured (there is
 * no response) nor counted. The caller's exceptions are never touched.
 */
final class ClientFilter implements ClientRequestFilter, ClientResponseFilter, WriterInterceptor {
  private final CaptureEngine engine;

  ClientFilter(CaptureEngine engine) {
    this.engine = engine;
  }

  /**
   * Request filters run in ascending priority and response filters in descending, so the highest
   * priority makes this the last to see the request and the first to see the response; writer
   * interceptors run in ascending order, the first being nearest the connection.
   */
  Map<Class<?>, Integer> contracts() {
    return Map.of(
        ClientRequestFilter.class, Integer.MAX_VALUE,
        ClientResponseFilter.class, Integer.MAX_VALUE,
        WriterInterceptor.class, Integer.MIN_VALUE);
  }

  @Override
  public void filter(ClientRequestContext request) {
    try {
      ClientRequestView view = new ClientRequestView(request);
      Exchange exchange = engine.startOutgoing(view);
      if (exchange == null) {
        return; // capture off, a call to the collector, skipped
      }
      request.setProperty(OutgoingCall.PROPERTY, new OutgoingCall(engine, exchange, view));
      String transactionId = exchange.transactionId();
      if (transactionId != null) {
        request.getHeaders().putSingle(Exchange.TRANSACTION_ID_HEADER, transactionId);
      }
    } catch (RuntimeException | LinkageError e) {
      engine.adapterError("jaxrs-client-request", e);
      try {
        request.removeProperty(OutgoingCall.PROPERTY);
      } catch (RuntimeException ignored) {
        // already reported; the call proceeds as without the SDK
      }
    }
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (!(context.getProperty(OutgoingCall.PROPERTY) instanceof OutgoingCall call) || call.isSettled()) {
      context.proceed();
      return;
    }
    BodyCapture body = call.exchange().requestBody();
    if (body.isEnabled()) {
      try {
        context.setOutputStream(new TeeOutputStream(context.getOutputStream(), body));
      } catch (RuntimeException | LinkageError e) {
        engine.adapterError("jaxrs-client-writer", e);
      }
    }
    try {
      context.proceed();
    } catch (Throwable t) {
      call.fail(t); // the request could not be sent: no response will follow
      throw t;
    }
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    if (!(request.getProperty(OutgoingCall.PROPERTY) instanceof OutgoingCall call)) {
      return;
    }
    ClientResponseView view = new ClientResponseView(response);
    try {
      BodyCapture body = call.exchange().responseBody();
      if (!body.isEnabled() || hasNoBody(call, response)) {
        call.complete(view);
        return;
      }
      response.setEntityStream(TeeInputStream.completing(response.getEntityStream(), call.exchange(), view));
    } catch (RuntimeException | LinkageError e) {
      call.adapterError("jaxrs-client-response", e);
      call.complete(view);
    }
  }

  /**
   * Responses that carry no body by definition, or say so: complete at once rather than wait for
   * a read that may never come. Not {@code hasEntity()}, which would block on a streamed body.
   */
  private static boolean hasNoBody(OutgoingCall call, ClientResponseContext response) {
    int status = response.getStatus();
    return call.request().isHead()
        || status < 200
        || status == 204
        || status == 304
        || response.getLength() == 0;
  }
}
