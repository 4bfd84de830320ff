package com.moesif.jaxrs.internal;

import com.moesif.core.Moesif;
import com.moesif.core.adapter.CaptureEngine;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;

/** Installs the capture providers for the public features; not an API. */
public final class JaxRsProviders {
  private static final boolean SERVLET_API = present("jakarta.servlet.http.HttpServletRequest");

  private JaxRsProviders() {}

  /**
   * Registers the server capture when {@code context} configures a server runtime, and publishes
   * {@code moesif} as the configuration property {@code sdkProperty}.
   */
  public static boolean installServer(FeatureContext context, Moesif moesif, String sdkProperty) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
      return false;
    }
    CaptureEngine engine = moesif.captureEngine();
    ServerFilter capture = SERVLET_API ? new ServletServerFilter(engine) : new ServerFilter(engine);
    context.register(capture, capture.contracts());
    context.property(sdkProperty, moesif);
    return true;
  }

  /** Registers the client capture when {@code context} configures a client. */
  public static boolean installClient(FeatureContext context, CaptureEngine engine) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.CLIENT) {
      return false;
    }
    ClientFilter capture = new ClientFilter(engine);
    context.register(capture, capture.contracts());
    return true;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, JaxRsProviders.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
