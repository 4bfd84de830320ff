package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.jaxrs.internal.JaxRsProviders;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;

/**
 * Captures every call a Jakarta REST (3.1) application serves and sends it to Moesif:
 * synchronous, {@code @Suspended AsyncResponse}, {@code StreamingOutput}, mapped exceptions,
 * 404/405 and calls that filters abort, each exactly once, without changing what the application
 * or the client see.
 *
 * <pre>{@code
 * ResourceConfig app = new ResourceConfig(MyResource.class)
 *     .register(new MoesifFeature(MoesifConfig.builder().applicationId("your application id").build()));
 * }</pre>
 *
 * To share one SDK with the outgoing interceptors ({@link MoesifClientFeature}), create it and
 * pass it in: {@code new MoesifFeature(moesif)}; the caller then closes it. For registration by
 * class scanning, see {@link MoesifAutoFeature}.
 *
 * <p>The feature registers one provider that is a pre-matching request filter, a response filter
 * and a writer interceptor, at the extreme priority. The SDK fails open: an error of its own is
 * counted in {@link Moesif#stats()} and the call proceeds as without it.
 */
public final class MoesifFeature implements Feature {
  /**
   * The runtime configuration property under which this feature and {@link MoesifAutoFeature}
   * publish their SDK, so that application code can reach it (to share it with {@link
   * MoesifClientFeature}, or to close it): {@code (Moesif) configuration.getProperty(SDK_PROPERTY)}
   * with an injected {@code @Context Configuration}.
   */
  public static final String SDK_PROPERTY = "com.moesif.jaxrs.Moesif";

  private final Moesif moesif;

  /**
   * A feature that creates its own SDK from {@code config}. Jakarta REST has no shutdown callback
   * for features: the SDK's shutdown hook (on by default) delivers what is queued when the JVM
   * exits, or close {@link #moesif()} yourself.
   *
   * @param config the configuration
   */
  public MoesifFeature(MoesifConfig config) {
    this.moesif = Moesif.create(Objects.requireNonNull(config, "config"), "jaxrs");
  }

  /**
   * A feature using a shared SDK; the caller closes it.
   *
   * @param moesif the SDK to capture with
   */
  public MoesifFeature(Moesif moesif) {
    this.moesif = Objects.requireNonNull(moesif, "moesif");
  }

  /** {@return the SDK this feature captures with} */
  public Moesif moesif() {
    return moesif;
  }

  /** Registers the capture in a server runtime; does nothing (returns false) in a client. */
  @Override
  public boolean configure(FeatureContext context) {
    return JaxRsProviders.installServer(context, moesif, SDK_PROPERTY);
  }
}
