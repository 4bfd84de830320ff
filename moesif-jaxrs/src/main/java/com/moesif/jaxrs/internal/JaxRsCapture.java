package com.moesif.jaxrs.internal;

import com.moesif.core.adapter.CaptureEngine;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;

/** Installs the capture providers for the public features; not an API. */
public final class JaxRsCapture {
  private static final boolean SERVLET_API = present("jakarta.servlet.http.HttpServletRequest");

  private JaxRsCapture() {}

  /** Registers the server capture when {@code context} configures a server runtime. */
  public static boolean installServer(FeatureContext context, CaptureEngine engine) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
      return false;
    }
    ServerCapture capture = SERVLET_API ? new ServletServerCapture(engine) : new ServerCapture(engine);
    context.register(capture, capture.contracts());
    return true;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, JaxRsCapture.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
