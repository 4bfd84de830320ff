package com.moesif.jaxrs;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.jaxrs.internal.JaxRsProviders;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.jspecify.annotations.Nullable;

/**
 * {@link MoesifFeature} for registration without code: a {@code @Provider} with a public
 * no-argument constructor, found when the runtime scans for providers (Jersey's {@code
 * packages("com.moesif.jaxrs")} or {@code jersey.config.server.provider.packages}, an application
 * server scanning the application's libraries) or registered by class name. It configures the SDK
 * from {@link MoesifConfig#fromEnvironment()}: {@code MOESIF_APPLICATION_ID} and the other {@code
 * MOESIF_*} environment variables, then {@code moesif.*} system properties.
 *
 * <p>A missing application id or an invalid value fails the application's start with an {@link
 * IllegalArgumentException} naming the key. The SDK is created when the runtime configures the
 * feature and is closed by its shutdown hook when the JVM exits ({@code MOESIF_SHUTDOWN_HOOK}
 * must stay on), or reach it as the configuration property {@link MoesifFeature#SDK_PROPERTY}
 * (to share it with {@link MoesifClientFeature}, or to close it). Register either this or {@link
 * MoesifFeature}, not both: each call would still be captured once, by one of them, but the
 * other's SDK would run for nothing.
 */
@Provider
public final class MoesifAutoFeature implements Feature {
  private @Nullable Moesif moesif;

  /** For the runtime to instantiate. */
  public MoesifAutoFeature() {}

  /**
   * The SDK once the runtime configured the feature.
   *
   * @return the SDK
   * @throws IllegalStateException before that
   */
  public synchronized Moesif moesif() {
    Moesif m = moesif;
    if (m == null) {
      throw new IllegalStateException("MoesifAutoFeature: not configured by a server runtime yet");
    }
    return m;
  }

  @Override
  public synchronized boolean configure(FeatureContext context) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
      return false;
    }
    Moesif m = moesif;
    if (m == null) {
      m = Moesif.create(MoesifConfig.fromEnvironment(), "jaxrs");
      moesif = m;
    }
    return JaxRsProviders.installServer(context, m, MoesifFeature.SDK_PROPERTY);
  }
}
