package com.moesif.core.internal;

import com.moesif.core.adapter.CaptureEngine;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link CaptureEngine} of a {@code Moesif} instance. The engine's constructor takes the
 * internal {@link CaptureEngineCore}, so it cannot be public (no public signature names an internal
 * type); the engine class hands its private constructor to this class when it initialises.
 */
public final class CaptureEngines {
  private static volatile @Nullable Function<CaptureEngineCore, CaptureEngine> constructor;

  private CaptureEngines() {}

  /** Called once, by {@link CaptureEngine}'s static initialiser. */
  public static synchronized void register(Function<CaptureEngineCore, CaptureEngine> engineConstructor) {
    if (constructor != null) {
      throw new IllegalStateException("the CaptureEngine constructor is already registered");
    }
    constructor = Objects.requireNonNull(engineConstructor, "engineConstructor");
  }

  /** A new engine over {@code context}. */
  public static CaptureEngine create(CaptureEngineCore context) {
    Function<CaptureEngineCore, CaptureEngine> c = constructor;
    if (c == null) {
      try {
        Class.forName(CaptureEngine.class.getName(), true, CaptureEngine.class.getClassLoader());
      } catch (ClassNotFoundException impossible) {
        throw new IllegalStateException(impossible);
      }
      c = Objects.requireNonNull(constructor, "CaptureEngine did not register its constructor");
    }
    return c.apply(context);
  }
}
