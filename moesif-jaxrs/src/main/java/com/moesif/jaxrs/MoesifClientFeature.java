package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.jaxrs.internal.JaxRsProviders;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;

/**
 * Captures the calls a Jakarta REST (3.1) client makes as {@code Outgoing} events, when the SDK's
 * {@code CAPTURE_OUTGOING_REQUESTS} is on (otherwise calls pass through untouched):
 *
 * <pre>{@code
 * Client client = ClientBuilder.newBuilder().register(new MoesifClientFeature(moesif)).build();
 * }</pre>
 *
 * The request and response bodies are copied as they are written and read, up to the limits; the
 * event is queued when the caller has read the response entity to its end or closed the response
 * (reading it as a {@code String}, a {@code byte[]} or a mapped type does both). A response that
 * is never read nor closed is never reported. The transaction id is sent as {@code
 * X-Moesif-Transaction-Id}. Calls to the collector itself are never captured.
 */
public final class MoesifClientFeature implements Feature {
  private final Moesif moesif;

  /**
   * A feature capturing with {@code moesif} (usually the SDK the server side shares); the caller
   * closes it.
   *
   * @param moesif the SDK to capture with
   */
  public MoesifClientFeature(Moesif moesif) {
    this.moesif = Objects.requireNonNull(moesif, "moesif");
  }

  /** Registers the capture in a client runtime; does nothing (returns false) in a server. */
  @Override
  public boolean configure(FeatureContext context) {
    return JaxRsProviders.installClient(context, moesif.captureEngine());
  }
}
