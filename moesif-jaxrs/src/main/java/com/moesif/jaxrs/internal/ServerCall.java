package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.Exchange;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jspecify.annotations.Nullable;

/**
 * One served call being captured, kept as a request property from the pre-matching filter to the
 * end: after the entity is written, or in the response filter when there is none.
 */
final class ServerCall {
  /** The request property under which the filter keeps this object. */
  static final String PROPERTY = "com.moesif.jaxrs.ServerCall";

  private final Exchange exchange;
  private final ContainerRequestView request;
  private final ContainerResponseView.@Nullable ContainerHeaders container;
  /** The response being written; a later one (an exception mapped while writing) replaces it. */
  private volatile @Nullable ContainerResponseContext response;

  ServerCall(
      Exchange exchange, ContainerRequestView request, ContainerResponseView.@Nullable ContainerHeaders container) {
    this.exchange = exchange;
    this.request = request;
    this.container = container;
  }

  Exchange exchange() {
    return exchange;
  }

  ContainerRequestView request() {
    return request;
  }

  boolean isEnded() {
    return exchange.isEnded();
  }

  /**
   * The response filter saw {@code next}: puts the SDK's headers on it. A second response for the
   * same call replaces a first one whose entity failed to write before anything was sent, so what
   * was copied of the first body is dropped.
   */
  void respond(ContainerResponseContext next) {
    ContainerResponseContext previous = response;
    response = next; // first: whatever fails below, the exchange can still end with this response
    if (previous != null && previous != next && !exchange.isEnded()) {
      exchange.responseBody().reset();
    }
    MultivaluedMap<String, Object> headers = next.getHeaders();
    exchange.responseHeaders().applyTo(headers::putSingle, headers::add);
  }

  /** Ends the exchange with the response the filter saw (idempotent; no-op before any response). */
  void end(@Nullable Throwable error) {
    ContainerResponseContext r = response;
    if (r != null) {
      exchange.end(new ContainerResponseView(r, container), error);
    }
  }
}
